import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/api-error';
import * as api from '../api/endpoints';
import type { Alert, Role, WorkItem } from '../api/types';
import { describeError } from '../components/error-message';
import { localized, useLanguage } from '../components/use-language';
import { patientPagePath } from '../clinical/patient-routes';
import { formFillPath } from '../forms/form-routes';
import { isFormTask, workItemKindLabel } from '../forms/work-item-format';
import { translateOptional } from '../i18n/i18n';
import { describeAlertData } from '../monitoring/vital-format';
import { WhyButton } from '../why/why-panel';
import { clockTime, Countdown } from './countdown';
import type { WorklistEntry } from './worklist-model';

type Form = 'acknowledge' | 'resolve' | 'takeOver' | 'complete' | null;

export interface RowChange {
  alert?: Alert;
  item?: WorkItem;
  /** A sentence for the polite live region ("Presa visione registrata"). */
  said: string;
}

interface WorklistRowProps {
  entry: WorklistEntry;
  patientName: string | null;
  me: string;
  role: Role;
  now: number;
  /** Just arrived over the socket: drawn so that it cannot be missed. */
  fresh: boolean;
  onChanged(change: RowChange): void;
  /** A colleague's action we did not hear about: read the lists again. */
  onStale(): void;
  onOpenNotes(entry: WorklistEntry): void;
}

/** "centro.medico" from "already taken in charge by centro.medico at 2026-…". */
function holderFrom(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const text = `${error.problem?.detail ?? ''} ${error.message}`;
  return /taken in charge by (\S+)/.exec(text)?.[1] ?? null;
}

/**
 * One alert or task of the console: what fired and for whom, who must act and by when, who
 * has taken it, and the actions (take charge, release, acknowledge, resolve, complete, notes).
 */
export function WorklistRow({
  entry,
  patientName,
  me,
  role,
  now,
  fresh,
  onChanged,
  onStale,
  onOpenNotes,
}: WorklistRowProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const [form, setForm] = useState<Form>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [conflictHolder, setConflictHolder] = useState<string | null>(null);

  const target: api.WorklistTarget =
    entry.kind === 'alert' ? { type: 'alert', id: entry.id } : { type: 'work-item', id: entry.id };
  const holder = (entry.kind === 'alert' ? entry.alert.claimedBy : entry.item.claimedBy) ?? null;
  const title = localized(entry.kind === 'alert' ? entry.alert.title : entry.item.title, language);
  const name = patientName ?? t('worklist.unknownPatient');

  function openForm(next: Form) {
    setForm(next);
    setText('');
    setProblem(null);
  }

  async function run(action: () => Promise<RowChange>) {
    setBusy(true);
    setProblem(null);
    try {
      const change = await action();
      setForm(null);
      setText('');
      setConflictHolder(null);
      onChanged(change);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setConflictHolder(holderFrom(error));
        onStale();
      }
      setProblem(
        error instanceof ApiError && error.status === 409
          ? holderFrom(error)
            ? t('worklist.claimedByOther', { who: holderFrom(error) })
            : t('worklist.conflict')
          : describeError(error, t),
      );
    } finally {
      setBusy(false);
    }
  }

  const asChange = (row: Alert | WorkItem, said: string): RowChange =>
    entry.kind === 'alert' ? { alert: row as Alert, said } : { item: row as WorkItem, said };

  const claim = (takeOver = false) =>
    run(async () =>
      asChange(
        await api.claim(target, takeOver ? { takeOver, reason: text.trim() } : {}),
        t('worklist.done.claimed', { title }),
      ),
    );
  const release = () =>
    run(async () => asChange(await api.release(target), t('worklist.done.released', { title })));

  function submitForm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const note = text.trim();
    switch (form) {
      case 'acknowledge':
        void run(async () => ({
          alert: await api.acknowledgeAlert(entry.id, note || undefined),
          said: t('worklist.done.acknowledged', { title }),
        }));
        return;
      case 'resolve':
        if (note.length < 3) {
          setProblem(t('worklist.resolveForm.tooShort'));
          return;
        }
        void run(async () => ({
          alert: await api.resolveAlert(entry.id, note),
          said: t('worklist.done.resolved', { title }),
        }));
        return;
      case 'takeOver':
        void claim(true);
        return;
      case 'complete':
        void run(async () => ({
          item: await api.completeWorkItem(entry.id),
          said: t('worklist.done.completed', { title }),
        }));
        return;
      case null:
        return;
    }
  }

  const severity = entry.kind === 'alert' ? entry.alert.severity : null;
  const status = entry.kind === 'alert' ? entry.alert.status : entry.item.status;
  const assignee = entry.kind === 'alert' ? entry.alert.assignee : entry.item.assignee;
  const level = entry.kind === 'alert' ? entry.alert.level : entry.item.level;
  const values = entry.kind === 'alert' ? describeAlertData(entry.alert.data, language) : [];
  const deadline =
    entry.kind === 'alert'
      ? entry.alert.status === 'open'
        ? entry.alert.acknowledgeBy
        : null
      : entry.item.dueAt;

  const className = [
    'wl-row',
    severity ? `wl-row--${severity}` : 'wl-row--task',
    status === 'acknowledged' ? 'wl-row--acknowledged' : '',
    fresh ? 'wl-row--fresh' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <li
      className={className}
      data-testid="worklist-row"
      data-id={entry.id}
      data-kind={entry.kind}
      data-severity={severity ?? 'task'}
      data-status={status}
      data-patient-id={entry.kind === 'alert' ? entry.alert.patientId : entry.item.patientId}
    >
      <article aria-labelledby={`${id}-title`} aria-describedby={`${id}-patient`}>
        <div className="wl-row__top">
          <span className={`sev-badge sev-badge--${severity ?? 'task'}`}>
            {severity
              ? t(`worklist.severity.${severity}`)
              : workItemKindLabel(entry.kind === 'task' ? entry.item.kind : 'task')}
          </span>
          <span className="wl-row__patient" id={`${id}-patient`}>
            {name}
          </span>
          <span className="wl-row__clock">
            {deadline ? (
              <Countdown
                deadline={deadline}
                now={now}
                kind={entry.kind === 'alert' ? 'acknowledge' : 'due'}
              />
            ) : entry.kind === 'alert' && entry.alert.acknowledgedAt ? (
              <span className="wl-row__acked">
                {t('worklist.acknowledgedAt', {
                  who:
                    entry.alert.acknowledgedBy === me
                      ? t('worklist.you')
                      : entry.alert.acknowledgedBy,
                  time: clockTime(entry.alert.acknowledgedAt, language),
                })}
              </span>
            ) : null}
          </span>
        </div>
        <h3 className="wl-row__title" id={`${id}-title`}>
          {title}
        </h3>
        {(values.length > 0 || (entry.kind === 'alert' && entry.alert.causes.length > 0)) && (
          <p className="wl-row__what">
            {values.map((value) => (
              <span key={value} className="wl-row__value">
                {value}
              </span>
            ))}
            {entry.kind === 'alert' && (
              <span className="muted">
                {t('worklist.raisedAt', { time: clockTime(entry.alert.raisedAt, language) })}
                {entry.alert.causes.length > 0 &&
                  ` · ${t('worklist.causes', { count: entry.alert.causes.length })}`}
              </span>
            )}
          </p>
        )}
        <p className="wl-row__meta">
          {status === 'acknowledged' && (
            <span className="status-pill status-pill--acknowledged">
              {t('worklist.status.acknowledged')}
            </span>
          )}
          {level > 0 ? (
            <span className={`status-pill status-pill--escalated status-pill--${assignee}`}>
              {translateOptional(`worklist.escalated.${assignee}`, assignee)}
              <span className="muted"> · {t('worklist.level', { level })}</span>
            </span>
          ) : (
            <span>
              {t('worklist.for', {
                role: translateOptional(`workbench.assignees.${assignee}`, assignee),
              })}
            </span>
          )}
          {entry.kind === 'alert' && entry.alert.ladderExhausted && (
            <span className="status-pill status-pill--escalated">
              {t('worklist.ladderExhausted')}
            </span>
          )}
          <span className={`wl-row__holder${holder ? '' : ' wl-row__holder--free'}`}>
            {holder === me
              ? t('worklist.claimedByYou')
              : holder
                ? t('worklist.claimedBy', { who: holder })
                : t('worklist.notClaimed')}
          </span>
        </p>
        {entry.kind === 'alert' && entry.alert.note && (
          <p className="wl-row__note">{t('worklist.ackNote', { note: entry.alert.note })}</p>
        )}

        <div
          className="wl-row__actions"
          role="group"
          aria-label={t('worklist.actionsFor', { title })}
        >
          {holder === me ? (
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => void release()}
              disabled={busy}
            >
              {t('worklist.actions.release')}
            </button>
          ) : holder || conflictHolder ? (
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => openForm('takeOver')}
              disabled={busy}
              aria-expanded={form === 'takeOver'}
            >
              {t('worklist.actions.takeOver')}
            </button>
          ) : (
            <button
              type="button"
              className="button button--primary button--small"
              onClick={() => void claim()}
              disabled={busy}
            >
              {t('worklist.actions.claim')}
            </button>
          )}
          {entry.kind === 'alert' && entry.alert.status === 'open' && (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => openForm('acknowledge')}
              disabled={busy}
              aria-expanded={form === 'acknowledge'}
            >
              {t('worklist.actions.acknowledge')}
            </button>
          )}
          {entry.kind === 'alert' && (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => openForm('resolve')}
              disabled={busy}
              aria-expanded={form === 'resolve'}
            >
              {t('worklist.actions.resolve')}
            </button>
          )}
          {entry.kind === 'task' &&
            (isFormTask(entry.item) ? (
              <Link
                to={formFillPath(role, entry.item.id)}
                className="button button--secondary button--small"
              >
                {t('worklist.actions.fill')}
              </Link>
            ) : (
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => openForm('complete')}
                disabled={busy}
                aria-expanded={form === 'complete'}
              >
                {t('worklist.actions.complete')}
              </button>
            ))}
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => onOpenNotes(entry)}
          >
            {t('worklist.actions.notes')}
          </button>
          <WhyButton target={target} title={title} patientName={name} />
          <Link
            to={patientPagePath(
              role,
              entry.kind === 'alert' ? entry.alert.patientId : entry.item.patientId,
            )}
            className="button button--ghost button--small"
            aria-describedby={`${id}-patient`}
          >
            {t('worklist.actions.openPatient')}
          </Link>
        </div>

        {form && (
          <form className="wl-row__form" onSubmit={submitForm}>
            {form !== 'complete' && (
              <div className="field">
                <label htmlFor={`${id}-text`}>
                  {form === 'acknowledge'
                    ? t('worklist.ackForm.note')
                    : form === 'resolve'
                      ? t('worklist.resolveForm.reason')
                      : t('worklist.takeOverForm.reason')}
                </label>
                <textarea
                  id={`${id}-text`}
                  rows={2}
                  value={text}
                  maxLength={2000}
                  required={form === 'resolve'}
                  aria-invalid={problem !== null && form === 'resolve' ? 'true' : undefined}
                  onChange={(event) => setText(event.target.value)}
                  // The form opened on the person's click: their next keystrokes go here.
                  autoFocus
                />
              </div>
            )}
            {form === 'complete' && <p>{t('worklist.completeForm.question', { title })}</p>}
            <div className="wl-row__form-actions">
              <button
                type="submit"
                className="button button--primary button--small"
                disabled={busy}
              >
                {form === 'acknowledge'
                  ? t('worklist.ackForm.confirm')
                  : form === 'resolve'
                    ? t('worklist.resolveForm.confirm')
                    : form === 'takeOver'
                      ? t('worklist.takeOverForm.confirm')
                      : t('worklist.completeForm.confirm')}
              </button>
              <button
                type="button"
                className="button button--ghost button--small"
                onClick={() => openForm(null)}
                disabled={busy}
              >
                {t('worklist.actions.cancel')}
              </button>
            </div>
          </form>
        )}
        {problem && (
          <p className="wl-row__problem" role="alert">
            {problem}
          </p>
        )}
      </article>
    </li>
  );
}
