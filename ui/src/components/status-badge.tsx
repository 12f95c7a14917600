import { useTranslation } from 'react-i18next';
import { type EnrolmentStatus, enrolmentStatuses } from '../api/types';
import { humanise } from '../i18n/i18n';

/** Status in words plus colour (never colour alone). */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = (enrolmentStatuses as readonly string[]).includes(status);
  return (
    <span className={`badge badge--${known ? status : 'unknown'}`}>
      {known ? t(`status.${status as EnrolmentStatus}`) : humanise(status)}
    </span>
  );
}
