import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import * as api from '../api/endpoints';
import type { Alert, WorkItem, WorklistNote } from '../api/types';
import { AsyncView } from '../components/async-view';
import { SidePanel } from '../components/side-panel';
import { ErrorMessage } from '../components/error-message';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { formatDateTime } from '../i18n/format';
import { translateOptional } from '../i18n/i18n';
import { describeAlertData } from '../monitoring/vital-format';
import { useRealtimeEvent } from '../realtime/realtime-context';

export type NotesSubject = { kind: 'alert'; alert: Alert } | { kind: 'task'; item: WorkItem };

interface NotesPanelProps {
  subject: NotesSubject;
  patientName: string | null;
  onClose(): void;
}

/**
 * A side panel (modal <dialog>: focus kept inside, Esc closes) with an alert's or task's
 * details and history (claims, acknowledgement, resolution, notes, oldest first), and a form to
 * add a note. The history follows the row live.
 */
export function NotesPanel({ subject, patientName, onClose }: NotesPanelProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const subjectId = subject.kind === 'alert' ? subject.alert.id : subject.item.id;
  const target: api.WorklistTarget =
    subject.kind === 'alert'
      ? { type: 'alert', id: subjectId }
      : { type: 'work-item', id: subjectId };
  const notes = useApi((signal) => api.listNotes(target, signal), [subjectId]);
  const { reload } = notes;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useRealtimeEvent('alert.changed', (alert) => {
    if (alert.id === subjectId) reload();
  });
  useRealtimeEvent('workitem.changed', (item) => {
    if (item.id === subjectId) reload();
  });

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await api.addNote(target, text.trim());
      setText('');
      reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const title = localized(
    subject.kind === 'alert' ? subject.alert.title : subject.item.title,
    language,
  );

  return (
    <SidePanel
      testId="notes-panel"
      kicker={t('notes.title')}
      title={title}
      subtitle={patientName}
      onClose={onClose}
    >
      <dl className="side-panel__facts">
        {subject.kind === 'alert' ? (
          <>
            <div>
              <dt>{t('notes.severity')}</dt>
              <dd>{t(`worklist.severity.${subject.alert.severity}`)}</dd>
            </div>
            <div>
              <dt>{t('notes.raised')}</dt>
              <dd>{formatDateTime(subject.alert.raisedAt, language)}</dd>
            </div>
            <div>
              <dt>{t('notes.values')}</dt>
              <dd>
                {describeAlertData(subject.alert.data, language).join(' · ') || t('app.none')}
              </dd>
            </div>
            <div>
              <dt>{t('notes.causes')}</dt>
              <dd className="mono side-panel__causes">
                {subject.alert.causes.join(', ') || t('app.none')}
              </dd>
            </div>
            <div>
              <dt>{t('notes.rule')}</dt>
              <dd className="mono">{subject.alert.ruleId}</dd>
            </div>
            <div>
              <dt>{t('notes.deadline')}</dt>
              <dd>{formatDateTime(subject.alert.acknowledgeBy, language)}</dd>
            </div>
          </>
        ) : (
          <>
            <div>
              <dt>{t('notes.opened')}</dt>
              <dd>{formatDateTime(subject.item.openedAt, language)}</dd>
            </div>
            <div>
              <dt>{t('notes.deadline')}</dt>
              <dd>{formatDateTime(subject.item.dueAt, language)}</dd>
            </div>
            <div>
              <dt>{t('notes.assignee')}</dt>
              <dd>
                {translateOptional(
                  `workbench.assignees.${subject.item.assignee}`,
                  subject.item.assignee,
                )}
              </dd>
            </div>
          </>
        )}
      </dl>

      <h3 className="side-panel__section">{t('notes.history')}</h3>
      <AsyncView resource={notes}>
        {(items) =>
          items.length === 0 ? (
            <p className="muted">{t('notes.empty')}</p>
          ) : (
            <NoteList items={items} />
          )
        }
      </AsyncView>

      <form className="side-panel__form" onSubmit={(event) => void handleSubmit(event)}>
        <div className="field">
          <label htmlFor={`${id}-note`}>{t('notes.addLabel')}</label>
          <textarea
            id={`${id}-note`}
            rows={3}
            maxLength={4000}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary" disabled={busy || !text.trim()}>
          {busy ? t('notes.saving') : t('notes.save')}
        </button>
        {error !== null && <ErrorMessage error={error} />}
      </form>
    </SidePanel>
  );
}

export function NoteList({ items }: { items: WorklistNote[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <ol className="note-list">
      {items.map((note) => (
        <li key={note.id} className={`note note--${note.kind}`}>
          <p className="note__head">
            <span className="note__kind">{t(`notes.kinds.${note.kind}`)}</span>
            <span className="muted">
              {note.author} ({translateOptional(`roles.${note.authorRole}`, note.authorRole)}) ·{' '}
              <time dateTime={note.createdAt}>{formatDateTime(note.createdAt, language)}</time>
            </span>
          </p>
          {note.text && <p className="note__text">{note.text}</p>}
        </li>
      ))}
    </ol>
  );
}
