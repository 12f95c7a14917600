import { useTranslation } from 'react-i18next';
import { ClinicalDesk } from '../clinical/clinical-desk';
import { PageHeading } from '../components/page-heading';

export function NurseHomePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('clinical.nurseTitle')} intro={t('clinical.nurseIntro')} />
      <ClinicalDesk />
    </>
  );
}
