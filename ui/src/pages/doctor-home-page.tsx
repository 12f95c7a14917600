import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/page-heading';
import { LegacyPatientRedirect } from '../clinical/legacy-patient-redirect';
import { ClinicianConsole } from '../worklist/clinician-console';

export function DoctorHomePage() {
  const { t } = useTranslation();
  return (
    <LegacyPatientRedirect>
      <PageHeading title={t('clinical.doctorTitle')} intro={t('clinical.doctorIntro')} />
      <ClinicianConsole />
    </LegacyPatientRedirect>
  );
}
