import { useTranslation } from 'react-i18next';
import type { Patient } from '../api/types';
import { useLanguage } from '../components/use-language';
import { formatDate } from '../i18n/format';
import { ageInYears } from './patient-format';

const sexes = ['M', 'F', 'X'] as const;

/** Codice fiscale, birth date (with age) and sex as a description list. */
export function PatientFacts({ patient }: { patient: Patient }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const age = ageInYears(patient.birthDate);
  const sex = (sexes as readonly string[]).includes(patient.sex)
    ? t(`clinical.sexes.${patient.sex as (typeof sexes)[number]}`)
    : patient.sex || t('app.none');
  return (
    <dl className="facts">
      <div>
        <dt>{t('clinical.codiceFiscale')}</dt>
        <dd>
          <span className="mono">{patient.codiceFiscale}</span>
        </dd>
      </div>
      <div>
        <dt>{t('clinical.birthDate')}</dt>
        <dd>
          {formatDate(patient.birthDate, language)}
          {age !== null && <span className="muted"> ({t('clinical.age', { count: age })})</span>}
        </dd>
      </div>
      <div>
        <dt>{t('clinical.sex')}</dt>
        <dd>{sex}</dd>
      </div>
    </dl>
  );
}
