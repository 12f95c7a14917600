import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as api from '../api/endpoints';
import type { Patient, ScheduleEntry } from '../api/types';
import { AsyncView } from '../components/async-view';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { workItemKindLabel } from '../forms/work-item-format';
import { formatDateTime } from '../i18n/format';
import { VitalCharts } from '../monitoring/vital-charts';
import { useEnrolmentUpdates } from '../realtime/realtime-context';
import { durationText, useNow } from '../worklist/countdown';

/**
 * The patient's telemonitoring for clinicians: a chart of each measured value over time with
 * the patient's own alert bands, and when each step of the plan is next due. New readings
 * redraw the charts as they arrive.
 */
export function PatientMonitoring({ patient }: { patient: Patient }) {
  const { t } = useTranslation();
  const id = useId();
  const monitoring = useApi((signal) => api.patientMonitoring(patient.id, signal), [patient.id]);
  const { reload } = monitoring;
  const [refreshSignal, setRefreshSignal] = useState(0);
  useEnrolmentUpdates((event) => {
    if (event.patientId !== patient.id) return;
    reload();
    setRefreshSignal((n) => n + 1);
  });

  return (
    <AsyncView resource={monitoring}>
      {(data) => (
        <>
          <section
            className="patient-panel__section"
            aria-labelledby={`${id}-charts`}
            data-testid="patient-charts"
          >
            <h3 id={`${id}-charts`}>{t('monitoring.chartsTitle')}</h3>
            <VitalCharts
              monitoring={data}
              loadObservations={(dataPoint, signal) =>
                api.patientObservations(patient.id, dataPoint, 500, signal)
              }
              showBands
              refreshSignal={refreshSignal}
              headingLevel="h4"
            />
          </section>
          <section className="patient-panel__section" aria-labelledby={`${id}-schedule`}>
            <h3 id={`${id}-schedule`}>{t('monitoring.scheduleTitle')}</h3>
            {data.schedule.length === 0 ? (
              <p className="muted">{t('monitoring.noSchedule')}</p>
            ) : (
              <ScheduleList entries={data.schedule} />
            )}
          </section>
        </>
      )}
    </AsyncView>
  );
}

function ScheduleList({ entries }: { entries: ScheduleEntry[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const now = useNow(30_000);
  return (
    <ol className="schedule-list">
      {entries.map((entry) => {
        const left = Date.parse(entry.nextAt) - now;
        return (
          <li key={`${entry.enrolmentId}:${entry.stepId}`} className="schedule-list__item">
            <span className="tag">{workItemKindLabel(entry.type)}</span>
            <span className="schedule-list__title">{localized(entry.title, language)}</span>
            <span className="muted">
              <time dateTime={entry.nextAt}>{formatDateTime(entry.nextAt, language)}</time>
              {left > 0 && ` · ${t('monitoring.inTime', { time: durationText(left, t) })}`}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
