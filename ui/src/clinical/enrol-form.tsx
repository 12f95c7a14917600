import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import * as api from '../api/endpoints';
import type { Enrolment, Pathway, Patient } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { localized, useLanguage } from '../components/use-language';
import { patientName } from './patient-format';

type Outcome =
  | { kind: 'done'; created: boolean; pathwayTitle: string }
  | { kind: 'error'; error: unknown }
  | null;

interface EnrolFormProps {
  patient: Patient;
  pathways: Pathway[];
  onEnrolled(enrolment: Enrolment): void;
}

/** Chooses a pathway and enrols the patient; a repeat submission is answered, not duplicated, by the API. */
export function EnrolForm({ patient, pathways, onEnrolled }: EnrolFormProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [pathwayId, setPathwayId] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const id = useId();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const pathway = pathways.find((candidate) => candidate.id === pathwayId);
    if (!pathway) return;
    setBusy(true);
    setOutcome(null);
    try {
      const { enrolment, created } = await api.enrol(patient.id, pathway.id);
      setOutcome({ kind: 'done', created, pathwayTitle: localized(pathway.title, language) });
      onEnrolled(enrolment);
    } catch (error) {
      setOutcome({ kind: 'error', error });
    } finally {
      setBusy(false);
    }
  }

  const sorted = [...pathways].sort((a, b) =>
    localized(a.title, language).localeCompare(localized(b.title, language), language),
  );

  return (
    <form className="enrol-form" onSubmit={(event) => void handleSubmit(event)}>
      <div className="field enrol-form__field">
        <label htmlFor={`${id}-pathway`}>{t('clinical.pathway')}</label>
        <select
          id={`${id}-pathway`}
          value={pathwayId}
          onChange={(event) => {
            setPathwayId(event.target.value);
            setOutcome(null);
          }}
          required
        >
          <option value="">{t('clinical.choosePathway')}</option>
          {sorted.map((pathway) => (
            <option key={pathway.id} value={pathway.id}>
              {localized(pathway.title, language)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button--primary" disabled={busy || !pathwayId}>
        {busy ? t('clinical.enrolling') : t('clinical.enrol')}
      </button>
      <div className="enrol-form__outcome" aria-live="polite">
        {outcome?.kind === 'done' && (
          <p
            className={`alert ${outcome.created ? 'alert--success' : 'alert--info'}`}
            role="status"
          >
            {t(outcome.created ? 'clinical.enrolled' : 'clinical.alreadyEnrolled', {
              name: patientName(patient),
              pathway: outcome.pathwayTitle,
            })}
          </p>
        )}
        {outcome?.kind === 'error' && <ErrorMessage error={outcome.error} />}
      </div>
    </form>
  );
}
