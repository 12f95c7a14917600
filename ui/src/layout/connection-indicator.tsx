import { useTranslation } from 'react-i18next';
import { useConnectionStatus } from '../realtime/realtime-context';

/** A dot and a word for the live-updates connection; changes are announced politely. */
export function ConnectionIndicator() {
  const { t } = useTranslation();
  const status = useConnectionStatus();
  return (
    <span
      className={`connection connection--${status}`}
      role="status"
      title={t('realtime.label')}
      data-status={status}
    >
      <span className="connection__dot" aria-hidden="true" />
      <span className="visually-hidden">{t('realtime.label')}: </span>
      <span className="connection__text">{t(`realtime.${status}`)}</span>
    </span>
  );
}
