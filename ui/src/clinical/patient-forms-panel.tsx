import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import * as api from '../api/endpoints';
import type { FormDefinition, FormSubmission, Patient, WorkItem } from '../api/types';
import { AsyncView } from '../components/async-view';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { formatDateTime } from '../i18n/format';
import { translateOptional } from '../i18n/i18n';
import { formFillPath, submissionPath } from '../forms/form-routes';
import { OutputSummary } from '../forms/output-summary';
import { dueText, isFormTask, isOverdue } from '../forms/work-item-format';
import { useEnrolmentUpdates } from '../realtime/realtime-context';
import { useUser } from '../session/session-context';

// Form versions never change once published: one request per version for the whole session.
const definitions = new Map<string, Promise<FormDefinition | null>>();

function definitionOf(formId: string, version: number): Promise<FormDefinition | null> {
  const key = `${formId}@${version}`;
  let found = definitions.get(key);
  if (!found) {
    found = api.getFormVersion(formId, version).then(
      (form) => form.definition,
      () => {
        definitions.delete(key); // try again next time
        return null;
      },
    );
    definitions.set(key, found);
  }
  return found;
}

/** The definitions (for output titles and units) of the form versions these submissions used. */
function useDefinitions(submissions: FormSubmission[]): Map<string, FormDefinition> {
  const [loaded, setLoaded] = useState(() => new Map<string, FormDefinition>());
  const wanted = [...new Set(submissions.map((s) => `${s.formId}@${s.formVersion}`))].join(',');
  useEffect(() => {
    let active = true;
    const pairs = wanted ? wanted.split(',') : [];
    void Promise.all(
      pairs.map(async (pair) => {
        const at = pair.lastIndexOf('@');
        const definition = await definitionOf(pair.slice(0, at), Number(pair.slice(at + 1)));
        return [pair, definition] as const;
      }),
    ).then((entries) => {
      if (!active) return;
      const map = new Map<string, FormDefinition>();
      for (const [pair, definition] of entries) if (definition) map.set(pair, definition);
      setLoaded(map);
    });
    return () => {
      active = false;
    };
  }, [wanted]);
  return loaded;
}

/**
 * The patient's questionnaires in the clinical record: the form tasks still open (which a
 * nurse or doctor may fill from here) and the answers received, newest first, with their scores.
 */
export function PatientFormsPanel({ patient }: { patient: Patient }) {
  const { t } = useTranslation();
  const id = useId();
  const submissions = useApi((signal) => api.patientSubmissions(patient.id, signal), [patient.id]);
  const items = useApi((signal) => api.patientWorkItems(patient.id, 'open', signal), [patient.id]);
  const reloadSubmissions = submissions.reload;
  const reloadItems = items.reload;
  useEnrolmentUpdates((event) => {
    if (event.patientId !== patient.id) return;
    reloadSubmissions();
    reloadItems();
  });

  return (
    <section className="patient-forms" aria-labelledby={`${id}-title`} data-testid="patient-forms">
      <h3 id={`${id}-title`}>{t('forms.panel.title')}</h3>
      <AsyncView resource={items}>
        {(list) => <OpenForms items={list.filter(isFormTask)} />}
      </AsyncView>
      <h4 className="patient-forms__subtitle">{t('forms.panel.received')}</h4>
      <AsyncView resource={submissions}>
        {(list) => <SubmissionList submissions={list} />}
      </AsyncView>
    </section>
  );
}

function OpenForms({ items }: { items: WorkItem[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const user = useUser();
  if (items.length === 0) return null;
  return (
    <>
      <h4 className="patient-forms__subtitle">{t('forms.panel.open')}</h4>
      <ul className="patient-forms__list">
        {items.map((item) => {
          const due = dueText(item, language);
          return (
            <li key={item.id} className="patient-forms__row">
              <div className="patient-forms__main">
                <span className="patient-forms__name">{localized(item.title, language)}</span>
                <span className="muted patient-forms__meta">
                  {t('forms.panel.assignedTo', {
                    role: translateOptional(`workbench.assignees.${item.assignee}`, item.assignee),
                  })}
                  {due && (
                    <>
                      {' · '}
                      {isOverdue(item) ? t('forms.due.late') : t(due.key, { when: due.when })}
                    </>
                  )}
                </span>
              </div>
              <Link
                to={formFillPath(user.role, item.id)}
                className="button button--secondary button--small"
              >
                {t('forms.panel.fill')}
                <span className="visually-hidden">: {localized(item.title, language)}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function SubmissionList({ submissions }: { submissions: FormSubmission[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const user = useUser();
  const defs = useDefinitions(submissions);
  if (submissions.length === 0) return <p className="muted">{t('forms.panel.none')}</p>;
  return (
    <ul className="patient-forms__list">
      {[...submissions]
        .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
        .map((submission) => (
          <li key={submission.id} className="patient-forms__row" data-submission={submission.id}>
            <div className="patient-forms__main">
              <span className="patient-forms__name">
                {localized(submission.formTitle, language)}
              </span>
              <span className="muted patient-forms__meta">
                {formatDateTime(submission.submittedAt, language)} ·{' '}
                {t('forms.panel.by', {
                  author: submission.author,
                  role: translateOptional(`roles.${submission.authorRole}`, submission.authorRole),
                })}
              </span>
              <OutputSummary
                outputs={submission.outputs}
                definition={defs.get(`${submission.formId}@${submission.formVersion}`) ?? null}
              />
            </div>
            <Link
              to={submissionPath(user.role, submission.id)}
              className="button button--ghost button--small"
            >
              {t('forms.panel.view')}
              <span className="visually-hidden">: {localized(submission.formTitle, language)}</span>
            </Link>
          </li>
        ))}
    </ul>
  );
}
