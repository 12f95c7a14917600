import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Patient } from '../api/types';
import { useLanguage } from '../components/use-language';
import { useUser } from '../session/session-context';
import { patientName } from './patient-format';
import { patientPagePath } from './patient-routes';

/** The tenant's patients with a search box; each opens the patient's page. */
export function PatientList({
  patients,
  selectedId,
}: {
  patients: Patient[];
  selectedId: string | null;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const user = useUser();
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
                      to={patientPagePath(user.role, patient.id)}
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
