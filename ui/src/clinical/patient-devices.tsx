import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import * as api from '../api/endpoints';
import type { Device, Patient } from '../api/types';
import { AsyncView } from '../components/async-view';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorMessage } from '../components/error-message';
import { useApi } from '../components/use-api';
import { useLanguage } from '../components/use-language';
import { formatDateTime } from '../i18n/format';

/**
 * The patient's measuring kits: register one (its access code is shown once, never again),
 * see when each last sent a reading, revoke one (its code stops working at once).
 */
export function PatientDevices({ patient }: { patient: Patient }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const devices = useApi((signal) => api.patientDevices(patient.id, signal), [patient.id]);
  const [label, setLabel] = useState('');
  const [serial, setSerial] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [issued, setIssued] = useState<{ label: string; token: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<Device | null>(null);

  async function register(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { device, token } = await api.registerPatientDevice(patient.id, {
        label: label.trim(),
        ...(serial.trim() ? { serial: serial.trim() } : {}),
      });
      setIssued({ label: device.label, token });
      setCopied(false);
      setLabel('');
      setSerial('');
      devices.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : null);
    } finally {
      setBusy(false);
    }
  }

  async function revoke() {
    if (!revoking) return;
    setBusy(true);
    try {
      await api.revokeDevice(revoking.id);
      devices.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : null);
    } finally {
      setBusy(false);
      setRevoking(null);
    }
  }

  return (
    <section
      className="patient-panel__section"
      aria-labelledby={`${id}-title`}
      data-testid="patient-devices"
    >
      <h3 id={`${id}-title`}>{t('devices.title')}</h3>
      <p className="muted">{t('devices.intro')}</p>
      <AsyncView resource={devices}>
        {(items) =>
          items.length === 0 ? (
            <p className="empty">{t('devices.none')}</p>
          ) : (
            <ul className="device-list">
              {items.map((d) => (
                <li key={d.id} className="device-list__item" data-status={d.status}>
                  <div>
                    <strong>{d.label}</strong>
                    {d.serial && <span className="muted"> · {d.serial}</span>}{' '}
                    <span
                      className={`badge badge--${d.status === 'active' ? 'active' : 'withdrawn'}`}
                    >
                      {t(d.status === 'active' ? 'devices.active' : 'devices.revoked')}
                    </span>
                    <p className="muted">
                      {t('devices.hint', { hint: d.tokenHint })} ·{' '}
                      {t('devices.createdBy', {
                        who: d.createdBy ?? '—',
                        when: formatDateTime(d.createdAt, language),
                      })}{' '}
                      ·{' '}
                      {d.lastSeenAt
                        ? t('devices.lastSeen', { when: formatDateTime(d.lastSeenAt, language) })
                        : t('devices.neverSeen')}
                    </p>
                  </div>
                  {d.status === 'active' && (
                    <button type="button" className="button" onClick={() => setRevoking(d)}>
                      {t('devices.revoke')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </AsyncView>

      {issued && (
        <div className="token-once" role="status" data-testid="device-token">
          <p>
            <strong>{t('devices.tokenTitle')}</strong> · {issued.label}
          </p>
          <code className="token-once__code">{issued.token}</code>{' '}
          <button
            type="button"
            className="button"
            onClick={() => {
              void navigator.clipboard?.writeText(issued.token).then(() => setCopied(true));
            }}
          >
            {copied ? t('devices.copied') : t('devices.copy')}
          </button>
          <p className="muted">{t('devices.tokenOnce')}</p>
        </div>
      )}

      <form className="device-form" onSubmit={(e) => void register(e)}>
        <div className="field">
          <label htmlFor={`${id}-label`}>{t('devices.label')}</label>
          <input
            id={`${id}-label`}
            value={label}
            required
            maxLength={120}
            onChange={(e) => setLabel(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-serial`}>{t('devices.serial')}</label>
          <input
            id={`${id}-serial`}
            value={serial}
            maxLength={120}
            onChange={(e) => setSerial(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary" disabled={busy || !label.trim()}>
          {t('devices.register')}
        </button>
      </form>
      {error && <ErrorMessage error={error} />}

      <ConfirmDialog
        open={revoking !== null}
        title={t('devices.revokeTitle', { label: revoking?.label ?? '' })}
        confirmLabel={t('devices.revokeConfirm')}
        cancelLabel={t('devices.cancel')}
        busy={busy}
        onConfirm={() => void revoke()}
        onCancel={() => setRevoking(null)}
      >
        <p>{t('devices.revokeBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
