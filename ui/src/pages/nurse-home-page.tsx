import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/page-heading';
import { LegacyPatientRedirect } from '../clinical/legacy-patient-redirect';
import { ClinicianConsole } from '../worklist/clinician-console';

export function NurseHomePage() {
  const { t } = useTranslation();
  return (
    <LegacyPatientRedirect>
      <PageHeading title={t('clinical.nurseTitle')} intro={t('clinical.nurseIntro')} />
      <ClinicianConsole />
    </LegacyPatientRedirect>
  );
}
