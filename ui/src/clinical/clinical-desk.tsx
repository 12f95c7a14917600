import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import * as api from '../api/endpoints';
import type { Pathway, Patient } from '../api/types';
import { AsyncView } from '../components/async-view';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { humanise } from '../i18n/i18n';
import { useEnrolmentUpdates } from '../realtime/realtime-context';
import { EnrolForm } from './enrol-form';
import { EnrolmentCard } from './enrolment-card';
import { PatientFacts } from './patient-facts';
import { PatientFormsPanel } from './patient-forms-panel';
import { patientName } from './patient-format';

/**
 * The nurse's console and the doctor's desk share this: the tenant's patients on one side,
 * the chosen patient's pathways (with live status) and the enrol action on the other.
 * The chosen patient lives in the URL (?paziente=…), so it survives reloads and can be linked.
 */
export function ClinicalDesk() {
  const patients = useApi((signal) => api.listPatients(signal), []);
  const pathways = useApi((signal) => api.listPathways(signal), []);
  return (
    <AsyncView resource={patients}>
      {(items) => (
        <DeskLayout
          patients={items}
          pathways={pathways.state.status === 'ready' ? pathways.state.data : null}
        />
      )}
    </AsyncView>
  );
}

function DeskLayout({ patients, pathways }: { patients: Patient[]; pathways: Pathway[] | null }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const selectedId = params.get('paziente');
  const selected = patients.find((patient) => patient.id === selectedId) ?? null;
  return (
    <div className={`desk${selected ? ' desk--has-selection' : ''}`}>
      <PatientList patients={patients} selectedId={selected?.id ?? null} />
      <div className="desk__detail">
        {selected ? (
          <PatientPanel key={selected.id} patient={selected} pathways={pathways} />
        ) : (
          <p className="desk__prompt">{t('clinical.selectPrompt')}</p>
        )}
      </div>
    </div>
  );
}

function PatientList({ patients, selectedId }: { patients: Patient[]; selectedId: string | null }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [query, setQuery] = useState('');
  const id = useId();

  const visible = useMemo(() => {
    const needle = query.trim().toLocaleLowerCase(language);
    return patients
      .filter((patient) =>
        !needle
          ? true
          : // both name orders, so "Rossi Mario" and "Mario Rossi" both match
            `${patient.familyName} ${patient.givenName} ${patient.givenName} ${patient.familyName} ${patient.codiceFiscale}`
              .toLocaleLowerCase(language)
              .includes(needle),
      )
      .sort((a, b) => patientName(a).localeCompare(patientName(b), language));
  }, [patients, query, language]);

  return (
    <section className="panel desk__list" aria-labelledby={`${id}-title`}>
      <div className="panel__head">
        <h2 id={`${id}-title`}>{t('clinical.patients')}</h2>
        <span className="muted">{t('clinical.patientsCount', { count: patients.length })}</span>
      </div>
      {patients.length === 0 ? (
        <p className="empty">{t('clinical.noPatients')}</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-search`}>{t('clinical.search')}</label>
            <input
              id={`${id}-search`}
              type="search"
              value={query}
              autoComplete="off"
              onChange={(event) => setQuery(event.target.value)}
            />
          </div>
          {visible.length === 0 ? (
            <p className="empty" role="status">
              {t('clinical.noMatch')}
            </p>
          ) : (
            <ul className="patient-list">
              {visible.map((patient) => {
                const current = patient.id === selectedId;
                return (
                  <li key={patient.id}>
                    <Link
                      to={`?paziente=${encodeURIComponent(patient.id)}`}
                      className="patient-list__link"
                      aria-current={current ? 'true' : undefined}
                    >
                      <span className="patient-list__name">{patientName(patient)}</span>
                      <span className="patient-list__cf mono">{patient.codiceFiscale}</span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function PatientPanel({ patient, pathways }: { patient: Patient; pathways: Pathway[] | null }) {
  const { t } = useTranslation();
  const language = useLanguage();
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
      <Link to="?" className="back-link">
        ← {t('clinical.backToList')}
      </Link>
      <h2 id={`${id}-name`} className="patient-panel__name">
        {patientName(patient)}
      </h2>
      <PatientFacts patient={patient} />

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
