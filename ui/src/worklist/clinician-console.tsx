import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as api from '../api/endpoints';
import type { Alert, Patient, WorkItem } from '../api/types';
import { PatientList } from '../clinical/patient-list';
import { patientName } from '../clinical/patient-format';
import { AsyncView } from '../components/async-view';
import { ErrorMessage } from '../components/error-message';
import { useAnnouncer } from '../components/live-announcer';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { translateOptional } from '../i18n/i18n';
import { useUser } from '../session/session-context';
import { playAlertSound, setSoundPreference, soundPreference } from './alert-sound';
import { useNow } from './countdown';
import { NotesPanel, type NotesSubject } from './notes-panel';
import { useWorklist } from './use-worklist';
import {
  claimedBy,
  matchesFilter,
  worklistEntries,
  type WhatFilter,
  type WhoFilter,
  type WorklistEntry,
} from './worklist-model';
import { WorklistRow, type RowChange } from './worklist-row';

/** How long a row that just arrived stays highlighted. */
const FRESH_MS = 20_000;

/** Names for rows whose patient is not in the directory page (fetched once each). */
function usePatientNames(directory: Patient[] | null, ids: string[]) {
  const [extra, setExtra] = useState<ReadonlyMap<string, Patient>>(new Map());
  const asked = useRef(new Set<string>());
  const known = useMemo(() => {
    const map = new Map(extra);
    for (const patient of directory ?? []) map.set(patient.id, patient);
    return map;
  }, [directory, extra]);
  const missing = directory ? ids.filter((id) => !known.has(id) && !asked.current.has(id)) : [];
  const missingKey = [...new Set(missing)].sort().join(',');
  useEffect(() => {
    if (!missingKey) return;
    for (const id of missingKey.split(',')) {
      asked.current.add(id);
      api.getPatient(id).then(
        (patient) => setExtra((before) => new Map(before).set(patient.id, patient)),
        () => undefined, // the row says "paziente" rather than failing
      );
    }
  }, [missingKey]);
  return useCallback(
    (id: string) => {
      const patient = known.get(id);
      return patient ? patientName(patient) : null;
    },
    [known],
  );
}

/**
 * The nurse's console (and the doctor's desk): the tenant's patients on one side, and the
 * realtime worklist of alerts and tasks, most severe and most urgent first. A new red alert is
 * announced to screen readers at once, drawn so that it cannot be missed, and (if the person
 * turned it on) chimes.
 */
export function ClinicianConsole() {
  const { t } = useTranslation();
  const language = useLanguage();
  const user = useUser();
  const id = useId();
  const now = useNow(1000);
  const patients = useApi((signal) => api.listPatients(signal), []);
  const directory = patients.state.status === 'ready' ? patients.state.data : null;
  const { announce, regions } = useAnnouncer();

  const [fresh, setFresh] = useState<ReadonlyMap<string, number>>(new Map());
  const [banner, setBanner] = useState<readonly string[]>([]);
  const [sound, setSound] = useState(soundPreference);
  const [who, setWho] = useState<WhoFilter>('all');
  const [what, setWhat] = useState<WhatFilter>('all');
  const [notesFor, setNotesFor] = useState<WorklistEntry | null>(null);
  const soundOn = useRef(sound);
  soundOn.current = sound;

  // Names are looked up when events arrive, before the next render: keep the latest lookup.
  const nameRef = useRef<(patientId: string) => string | null>(() => null);

  const markFresh = useCallback((rowId: string) => {
    setFresh((before) => new Map(before).set(rowId, Date.now()));
  }, []);

  const onAlertEvent = useCallback(
    (alert: Alert, previous: Alert | undefined) => {
      if (alert.status !== 'open') return;
      const patient = nameRef.current(alert.patientId) ?? t('worklist.unknownPatient');
      const title = localized(alert.title, language);
      if (!previous) {
        markFresh(alert.id);
        if (alert.severity === 'red') {
          setBanner((before) => (before.includes(alert.id) ? before : [alert.id, ...before]));
          announce(t('worklist.announce.newRed', { patient, title }), 'assertive');
          if (soundOn.current) playAlertSound();
        } else {
          announce(
            t('worklist.announce.newAlert', {
              severity: t(`worklist.severity.${alert.severity}`),
              patient,
              title,
            }),
            'polite',
          );
        }
        return;
      }
      if (alert.level > previous.level) {
        markFresh(alert.id);
        announce(
          t('worklist.announce.escalated', {
            to: translateOptional(`worklist.escalated.${alert.assignee}`, alert.assignee),
            patient,
            title,
          }),
          'assertive',
        );
        if (soundOn.current && alert.assignee === user.role) playAlertSound();
      }
    },
    [announce, language, markFresh, t, user.role],
  );

  const onTaskEvent = useCallback(
    (item: WorkItem, previous: WorkItem | undefined) => {
      if (previous || item.status !== 'open') return;
      if (item.assignee === 'patient' || item.assignee === 'caregiver') return;
      markFresh(item.id);
      announce(
        t('worklist.announce.newTask', {
          patient: nameRef.current(item.patientId) ?? t('worklist.unknownPatient'),
          title: localized(item.title, language),
        }),
        'polite',
      );
    },
    [announce, language, markFresh, t],
  );

  const worklist = useWorklist({ onAlertEvent, onTaskEvent });
  const { state, reload, applyAlert, applyTask } = worklist;

  const entries = useMemo(
    () =>
      state.status === 'ready'
        ? worklistEntries(state.data.alerts.values(), state.data.items.values())
        : [],
    [state],
  );
  const nameOf = usePatientNames(
    directory,
    entries.map((e) => (e.kind === 'alert' ? e.alert.patientId : e.item.patientId)),
  );
  nameRef.current = nameOf;

  // Highlights fade after a while; the banner goes once someone has the alert in hand.
  useEffect(() => {
    const expired = [...fresh].filter(([, at]) => now - at > FRESH_MS).map(([key]) => key);
    if (expired.length) {
      setFresh((before) => {
        const next = new Map(before);
        for (const key of expired) next.delete(key);
        return next;
      });
    }
  }, [now, fresh]);
  const bannerAlerts = banner
    .map((alertId) => (state.status === 'ready' ? state.data.alerts.get(alertId) : undefined))
    .filter((a): a is Alert => a !== undefined && a.status === 'open' && a.claimedBy === null);

  const filter = { who, what };
  const visible = entries.filter((entry) => matchesFilter(entry, filter, user.username));
  const counts = {
    all: entries.length,
    mine: entries.filter((e) => claimedBy(e) === user.username).length,
    free: entries.filter((e) => claimedBy(e) === null).length,
  };

  function handleChanged(change: RowChange) {
    if (change.alert) applyAlert(change.alert);
    if (change.item) applyTask(change.item);
    const rowId = change.alert?.id ?? change.item?.id;
    if (rowId) {
      setFresh((before) => {
        const next = new Map(before);
        next.delete(rowId);
        return next;
      });
    }
    announce(change.said, 'polite');
  }

  function goTo(alertId: string) {
    setWho('all');
    setWhat('all');
    setBanner((before) => before.filter((b) => b !== alertId));
    // After the filters re-render the row: bring it into view and put focus on its first action.
    window.requestAnimationFrame(() => {
      const row = document.querySelector<HTMLElement>(`[data-id="${CSS.escape(alertId)}"]`);
      row?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      row?.querySelector<HTMLElement>('.wl-row__actions button')?.focus({ preventScroll: true });
    });
  }

  const notesSubject: NotesSubject | null = (() => {
    if (!notesFor) return null;
    if (notesFor.kind === 'alert') {
      const alert = state.status === 'ready' ? state.data.alerts.get(notesFor.id) : undefined;
      return { kind: 'alert', alert: alert ?? notesFor.alert };
    }
    const item = state.status === 'ready' ? state.data.items.get(notesFor.id) : undefined;
    return { kind: 'task', item: item ?? notesFor.item };
  })();

  return (
    <div className="console">
      {regions}
      <div className="console__patients">
        <AsyncView resource={patients}>
          {(items) => <PatientList patients={items} selectedId={null} />}
        </AsyncView>
      </div>
      <section className="panel worklist" aria-labelledby={`${id}-title`} data-testid="worklist">
        <div className="worklist__head">
          <h2 id={`${id}-title`}>{t('worklist.title')}</h2>
          <span className="muted">{t('worklist.count', { count: entries.length })}</span>
          <label className="switch worklist__sound">
            <input
              type="checkbox"
              checked={sound}
              onChange={(event) => {
                setSound(event.target.checked);
                setSoundPreference(event.target.checked);
              }}
            />
            <span>{t('worklist.sound')}</span>
          </label>
        </div>

        {bannerAlerts.length > 0 && (
          <div className="red-banner" data-testid="red-banner">
            {bannerAlerts.map((alert) => (
              <div key={alert.id} className="red-banner__item">
                <p className="red-banner__text">
                  <strong>{t('worklist.banner.title')}</strong>
                  <span>
                    {nameOf(alert.patientId) ?? t('worklist.unknownPatient')} ·{' '}
                    {localized(alert.title, language)}
                  </span>
                </p>
                <div className="red-banner__actions">
                  <button
                    type="button"
                    className="button button--small red-banner__go"
                    onClick={() => goTo(alert.id)}
                  >
                    {t('worklist.banner.go')}
                  </button>
                  <button
                    type="button"
                    className="button button--ghost button--small red-banner__dismiss"
                    onClick={() => setBanner((before) => before.filter((b) => b !== alert.id))}
                  >
                    {t('worklist.banner.dismiss')}
                  </button>
                </div>
              </div>
            ))}
          </div>
        )}

        <div className="worklist__filters">
          <fieldset className="segmented segmented--wrap">
            <legend>{t('worklist.filters.who')}</legend>
            {(['all', 'mine', 'free'] as const).map((option) => (
              <label key={option} className="segmented__option">
                <input
                  type="radio"
                  name={`${id}-who`}
                  value={option}
                  checked={who === option}
                  onChange={() => setWho(option)}
                />
                <span>
                  {t(`worklist.filters.${option}`)}{' '}
                  <small className="segmented__count">{counts[option]}</small>
                </span>
              </label>
            ))}
          </fieldset>
          <fieldset className="segmented segmented--wrap">
            <legend>{t('worklist.filters.what')}</legend>
            {(['all', 'alerts', 'tasks'] as const).map((option) => (
              <label key={option} className="segmented__option">
                <input
                  type="radio"
                  name={`${id}-what`}
                  value={option}
                  checked={what === option}
                  onChange={() => setWhat(option)}
                />
                <span>{t(`worklist.filters.kind.${option}`)}</span>
              </label>
            ))}
          </fieldset>
        </div>

        {state.status === 'loading' && (
          <p className="loading" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('app.loading')}
          </p>
        )}
        {state.status === 'error' && <ErrorMessage error={state.error} onRetry={reload} />}
        {state.status === 'ready' && (
          <>
            {state.refreshError && (
              <p className="alert alert--info worklist__stale">{t('worklist.refreshFailed')}</p>
            )}
            {visible.length === 0 ? (
              <p className="empty">
                {entries.length === 0 ? t('worklist.empty') : t('worklist.emptyFiltered')}
              </p>
            ) : (
              <ol className="worklist__rows">
                {visible.map((entry) => (
                  <WorklistRow
                    key={entry.id}
                    entry={entry}
                    patientName={nameOf(
                      entry.kind === 'alert' ? entry.alert.patientId : entry.item.patientId,
                    )}
                    me={user.username}
                    role={user.role}
                    now={now}
                    fresh={fresh.has(entry.id) && claimedBy(entry) === null}
                    onChanged={handleChanged}
                    onStale={reload}
                    onOpenNotes={setNotesFor}
                  />
                ))}
              </ol>
            )}
          </>
        )}
      </section>
      {notesSubject && (
        <NotesPanel
          subject={notesSubject}
          patientName={nameOf(
            notesSubject.kind === 'alert'
              ? notesSubject.alert.patientId
              : notesSubject.item.patientId,
          )}
          onClose={() => setNotesFor(null)}
        />
      )}
    </div>
  );
}
