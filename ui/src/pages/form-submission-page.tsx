import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import * as api from '../api/endpoints';
import type { FormSubmission, FormVersionFull } from '../api/types';
import { patientName } from '../clinical/patient-format';
import { AsyncView } from '../components/async-view';
import { PageHeading } from '../components/page-heading';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { formatDateTime } from '../i18n/format';
import { translateOptional } from '../i18n/i18n';
import { patientDeskPath } from '../forms/form-routes';
import { FormView } from '../forms/form-view';
import { OutputSummary } from '../forms/output-summary';
import { homePath } from '../routing/sections';
import { useUser } from '../session/session-context';

/** One submission read back, exactly as filled, with the form version it was checked against. */
export function FormSubmissionPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const user = useUser();
  const { submissionId = '' } = useParams();
  const data = useApi((signal) => api.getSubmission(submissionId, signal), [submissionId]);
  const ready = data.state.status === 'ready' ? data.state.data : null;

  return (
    <div className="form-fill-page form-fill-page--read">
      <Link
        to={ready ? patientDeskPath(user.role, ready.submission.patientId) : homePath(user.role)}
        className="back-link back-link--always"
      >
        ← {t('forms.fill.backToPatient')}
      </Link>
      <PageHeading
        title={ready ? localized(ready.submission.formTitle, language) : t('forms.answers.title')}
        intro={t('forms.answers.intro')}
      />
      <AsyncView resource={data}>
        {({ submission, form }) => <SubmissionBody submission={submission} form={form} />}
      </AsyncView>
    </div>
  );
}

function SubmissionBody({
  submission,
  form,
}: {
  submission: FormSubmission;
  form: FormVersionFull;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const patient = useApi(
    (signal) => api.getPatient(submission.patientId, signal),
    [submission.patientId],
  );
  return (
    <>
      <section className="panel submission-meta" aria-label={t('forms.answers.details')}>
        <dl className="facts">
          {patient.state.status === 'ready' && (
            <div>
              <dt>{t('forms.answers.patient')}</dt>
              <dd>{patientName(patient.state.data)}</dd>
            </div>
          )}
          <div>
            <dt>{t('forms.answers.submittedAt')}</dt>
            <dd>{formatDateTime(submission.submittedAt, language)}</dd>
          </div>
          <div>
            <dt>{t('forms.answers.author')}</dt>
            <dd>
              {submission.author}{' '}
              <span className="muted">
                ({translateOptional(`roles.${submission.authorRole}`, submission.authorRole)})
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('forms.answers.version')}</dt>
            <dd>
              <code>{submission.formId}</code> v{submission.formVersion}
            </dd>
          </div>
        </dl>
        {Object.keys(submission.outputs).length > 0 && (
          <div className="submission-meta__outputs">
            <h2 className="submission-meta__heading">{t('forms.answers.outputs')}</h2>
            <OutputSummary outputs={submission.outputs} definition={form.definition} />
          </div>
        )}
        {submission.status === 'refused' && (
          <p className="alert alert--error">
            {t('forms.answers.refused', { reason: submission.refusal ?? '' })}
          </p>
        )}
      </section>
      <section className="panel" aria-labelledby="answers-title" data-testid="submission-answers">
        <h2 id="answers-title">{t('forms.answers.answers')}</h2>
        <FormView
          schema={form.definition.schema}
          answers={submission.answers}
          readOnly
          className="formio-fill formio-read"
        />
      </section>
    </>
  );
}
