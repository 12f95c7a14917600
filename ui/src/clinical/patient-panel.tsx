import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import * as api from '../api/endpoints';
import type { Pathway, Patient } from '../api/types';
import { AsyncView } from '../components/async-view';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { humanise } from '../i18n/i18n';
import { useEnrolmentUpdates } from '../realtime/realtime-context';
import { homePath } from '../routing/sections';
import { useUser } from '../session/session-context';
import { AlertHistory } from './alert-history';
import { EnrolForm } from './enrol-form';
import { EnrolmentCard } from './enrolment-card';
import { PatientFacts } from './patient-facts';
import { PatientFormsPanel } from './patient-forms-panel';
import { patientName } from './patient-format';
import { PatientDevices } from './patient-devices';
import { PatientMonitoring } from './patient-monitoring';

/**
 * A patient's record for nurses and doctors: alerts, charts of the measured values with the
 * patient's thresholds, the plan's next steps, questionnaires, enrolment and the pathways with
 * their live status.
 */
export function PatientPanel({
  patient,
  pathways,
}: {
  patient: Patient;
  pathways: Pathway[] | null;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const user = useUser();
  const id = useId();
  const enrolments = useApi((signal) => api.listEnrolments(patient.id, signal), [patient.id]);
  const { reload } = enrolments;
  useEnrolmentUpdates((event) => {
    if (event.patientId === patient.id) reload();
  });

  const titles = new Map(
    (pathways ?? []).map((pathway) => [pathway.id, localized(pathway.title, language)]),
  );

  return (
    <section className="panel patient-panel" aria-labelledby={`${id}-name`}>
      <Link to={homePath(user.role)} className="back-link back-link--always">
        ← {t('clinical.backToConsole')}
      </Link>
      <h2 id={`${id}-name`} className="patient-panel__name">
        {patientName(patient)}
      </h2>
      <PatientFacts patient={patient} />

      <AlertHistory patient={patient} />
      <PatientMonitoring patient={patient} />
      <PatientDevices patient={patient} />

      <div className="patient-panel__section">
        <PatientFormsPanel patient={patient} />
      </div>

      {pathways && pathways.length > 0 && (
        <div className="patient-panel__section">
          <h3>{t('clinical.enrolTitle')}</h3>
          <EnrolForm patient={patient} pathways={pathways} onEnrolled={reload} />
        </div>
      )}

      <div className="patient-panel__section">
        <h3>{t('clinical.enrolments')}</h3>
        <AsyncView resource={enrolments}>
          {(items) =>
            items.length === 0 ? (
              <p className="empty">{t('clinical.noEnrolments')}</p>
            ) : (
              <ul className="enrolment-list">
                {[...items]
                  .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
                  .map((enrolment) => (
                    <li key={enrolment.id}>
                      <EnrolmentCard
                        enrolment={enrolment}
                        pathwayTitle={
                          titles.get(enrolment.pathwayId) ?? humanise(enrolment.pathwayId)
                        }
                        headingLevel="h4"
                        loadDetail={api.getEnrolment}
                      />
                    </li>
                  ))}
              </ul>
            )
          }
        </AsyncView>
      </div>
    </section>
  );
}
