import { useTranslation } from 'react-i18next';
import { humanise } from '../i18n/i18n';
import { fseTone, isKnownFseStatus } from './document-format';

/** A document's FSE state in words plus colour; the gateway's detail on hover (and in the row). */
export function FseBadge({ status, detail }: { status: string; detail?: string | null }) {
  const { t } = useTranslation();
  return (
    <span
      className={`badge badge--${fseTone(status)}`}
      title={detail ?? undefined}
      data-fse-status={status}
    >
      <span className="visually-hidden">{t('documents.fse.label')}: </span>
      {isKnownFseStatus(status) ? t(`documents.fse.${status}`) : humanise(status)}
    </span>
  );
}
