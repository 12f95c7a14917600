import { useTranslation } from 'react-i18next';
import { ClinicalDesk } from '../clinical/clinical-desk';
import { PageHeading } from '../components/page-heading';

export function DoctorHomePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('clinical.doctorTitle')} intro={t('clinical.doctorIntro')} />
      <ClinicalDesk />
    </>
  );
}
