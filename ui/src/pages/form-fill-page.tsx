import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import * as api from '../api/endpoints';
import type { FormTask, SubmitOutcome } from '../api/types';
import { patientName } from '../clinical/patient-format';
import { AsyncView } from '../components/async-view';
import { PageHeading } from '../components/page-heading';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { formatDateTime } from '../i18n/format';
import { FormFill, SubmittedNotice } from '../forms/form-fill';
import { patientDeskPath, submissionPath } from '../forms/form-routes';
import { OutputSummary } from '../forms/output-summary';
import { homePath } from '../routing/sections';
import { useUser } from '../session/session-context';

/**
 * Filling a form task: the patient's questionnaire on their phone, or a clinician filling one
 * (their own form, or the patient's on the patient's behalf) from the patient's record.
 */
export function FormFillPage() {
  const { t } = useTranslation();
  const { enrolmentId = '', itemKey = '' } = useParams();
  const itemId = `${enrolmentId}/${itemKey}`;
  const task = useApi((signal) => api.getFormTask(itemId, signal), [itemId]);
  const language = useLanguage();
  const title =
    task.state.status === 'ready'
      ? localized(task.state.data.form.definition.title, language)
      : t('forms.fill.title');

  return (
    <div className="form-fill-page">
      <BackLink task={task.state.status === 'ready' ? task.state.data : null} />
      <PageHeading title={title} />
      <AsyncView resource={task}>{(data) => <FillBody task={data} />}</AsyncView>
    </div>
  );
}

function BackLink({ task }: { task: FormTask | null }) {
  const { t } = useTranslation();
  const user = useUser();
  if (user.role === 'patient') {
    return (
      <Link to={homePath('patient')} className="back-link back-link--always">
        ← {t('forms.fill.backToTasks')}
      </Link>
    );
  }
  return (
    <Link
      to={task ? patientDeskPath(user.role, task.item.patientId) : homePath(user.role)}
      className="back-link back-link--always"
    >
      ← {t('forms.fill.backToPatient')}
    </Link>
  );
}

function FillBody({ task }: { task: FormTask }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const user = useUser();
  const audience = user.role === 'patient' ? 'patient' : 'clinician';
  const [outcome, setOutcome] = useState<SubmitOutcome | null>(null);
  const last = task.submissions.find((s) => s.status === 'completed') ?? null;

  if (outcome) {
    return (
      <SubmittedNotice outcome={outcome} task={task} audience={audience}>
        <BackButton task={task} />
      </SubmittedNotice>
    );
  }

  if (task.item.status !== 'open') {
    return (
      <section className="panel form-done">
        <h2 className="form-done__title">{t('forms.fill.alreadyClosed')}</h2>
        {last ? (
          <>
            <p>
              {t('forms.fill.lastSubmission', {
                time: formatDateTime(last.submittedAt, language),
                author: last.author,
              })}
            </p>
            {audience === 'clinician' && (
              <>
                <OutputSummary outputs={last.outputs} definition={task.form.definition} />
                <p>
                  <Link to={submissionPath(user.role, last.id)}>{t('forms.panel.view')}</Link>
                </p>
              </>
            )}
          </>
        ) : (
          <p className="muted">{t('forms.fill.closedWithout')}</p>
        )}
        <BackButton task={task} />
      </section>
    );
  }

  return (
    <>
      {audience === 'clinician' && <OnBehalfNote task={task} />}
      <FormFill task={task} audience={audience} onSubmitted={setOutcome} />
    </>
  );
}

function OnBehalfNote({ task }: { task: FormTask }) {
  const { t } = useTranslation();
  const patient = useApi(
    (signal) => api.getPatient(task.item.patientId, signal),
    [task.item.patientId],
  );
  const name = patient.state.status === 'ready' ? patientName(patient.state.data) : '';
  const forPatient = task.item.assignee === 'patient' || task.item.assignee === 'caregiver';
  return (
    <p className="alert alert--info form-fill__context">
      {name && <strong>{name}</strong>}
      {name && ' · '}
      {forPatient ? t('forms.fill.onBehalf') : t('forms.fill.ownTask')}
    </p>
  );
}

function BackButton({ task }: { task: FormTask }) {
  const { t } = useTranslation();
  const user = useUser();
  return user.role === 'patient' ? (
    <Link to={homePath('patient')} className="button button--primary form-done__back">
      {t('forms.fill.backHome')}
    </Link>
  ) : (
    <Link
      to={patientDeskPath(user.role, task.item.patientId)}
      className="button button--primary form-done__back"
    >
      {t('forms.fill.backToPatient')}
    </Link>
  );
}
