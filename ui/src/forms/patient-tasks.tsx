import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import * as api from '../api/endpoints';
import type { WorkItem } from '../api/types';
import { AsyncView } from '../components/async-view';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { useEnrolmentUpdates, useRealtimeEvent } from '../realtime/realtime-context';
import { formFillPath } from './form-routes';
import { dueText, isFormTask, isOverdue, workItemKindLabel } from './work-item-format';

/**
 * "Da fare oggi": the patient's open tasks, earliest deadline first. A questionnaire opens its
 * fill page; other tasks (a measurement, a video visit) are listed with their deadline.
 */
export function PatientTasks({ patientId }: { patientId: string | null }) {
  const { t } = useTranslation();
  const id = useId();
  const tasks = useApi((signal) => api.myWorkItems('open', signal), []);
  const { reload } = tasks;
  useEnrolmentUpdates((event) => {
    if (patientId === null || event.patientId === patientId) reload();
  });
  useRealtimeEvent('workitem.changed', reload);
  useRealtimeEvent('resync', reload);
  return (
    <section className="patient-tasks" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('forms.tasks.title')}</h2>
      <AsyncView resource={tasks}>
        {(items) =>
          items.length === 0 ? (
            <p className="empty">{t('forms.tasks.none')}</p>
          ) : (
            <ul className="task-list">
              {items.map((item) => (
                <li key={item.id}>
                  <TaskCard item={item} />
                </li>
              ))}
            </ul>
          )
        }
      </AsyncView>
    </section>
  );
}

function TaskCard({ item }: { item: WorkItem }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const due = dueText(item, language);
  const late = isOverdue(item);
  const body = (
    <>
      <span className="task-card__kind">{workItemKindLabel(item.kind)}</span>
      <span className="task-card__title">{localized(item.title, language)}</span>
      {due && (
        <span className={`task-card__due${late ? ' task-card__due--late' : ''}`}>
          {late ? t('forms.due.late') : t(due.key, { when: due.when })}
        </span>
      )}
    </>
  );
  if (item.kind === 'reading' || item.kind === 'reading-due') {
    return (
      <Link to="/patient/misurazioni" className="card task-card task-card--link">
        {body}
        <span className="task-card__action" aria-hidden="true">
          {t('forms.tasks.measure')} →
        </span>
      </Link>
    );
  }
  if (isFormTask(item)) {
    return (
      <Link to={formFillPath('patient', item.id)} className="card task-card task-card--link">
        {body}
        <span className="task-card__action" aria-hidden="true">
          {t('forms.tasks.fill')} →
        </span>
      </Link>
    );
  }
  return <div className="card task-card">{body}</div>;
}
