import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/api-error';
import * as api from '../api/endpoints';
import type { Alert, WorkItem } from '../api/types';
import { useRealtimeEvent } from '../realtime/realtime-context';
import { alertOnWorklist, taskOnWorklist } from './worklist-model';

export interface WorklistData {
  alerts: ReadonlyMap<string, Alert>;
  items: ReadonlyMap<string, WorkItem>;
}

export type WorklistState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; data: WorklistData; refreshError: ApiError | null };

type Change = { kind: 'alert'; alert: Alert } | { kind: 'task'; item: WorkItem };

/** A safety net under the socket: the whole list is read again this often. */
const REFRESH_MS = 60_000;

function applyChange(data: WorklistData, change: Change): WorklistData {
  if (change.kind === 'alert') {
    const alerts = new Map(data.alerts);
    if (alertOnWorklist(change.alert)) alerts.set(change.alert.id, change.alert);
    else alerts.delete(change.alert.id);
    return { ...data, alerts };
  }
  const items = new Map(data.items);
  if (taskOnWorklist(change.item)) items.set(change.item.id, change.item);
  else items.delete(change.item.id);
  return { ...data, items };
}

async function loadAll(signal: AbortSignal): Promise<WorklistData> {
  const [open, acknowledged, items] = await Promise.all([
    api.listAlerts({ status: 'open' }, signal),
    api.listAlerts({ status: 'acknowledged' }, signal),
    api.listOpenWorkItems(signal),
  ]);
  return {
    alerts: new Map([...open, ...acknowledged].map((a) => [a.id, a])),
    items: new Map(items.filter(taskOnWorklist).map((i) => [i.id, i])),
  };
}

export interface WorklistHandlers {
  /** An alert arrived over the socket (`previous` is the row it replaces, if any). */
  onAlertEvent?(alert: Alert, previous: Alert | undefined): void;
  onTaskEvent?(item: WorkItem, previous: WorkItem | undefined): void;
}

/**
 * The tenant's open alerts and clinicians' tasks, kept current by `alert.changed` and
 * `workitem.changed` without reloading. Events that arrive while the lists are being read are
 * applied at once and again on top of the fresh lists, so a read that started before an event
 * can never undo it. The lists are read afresh after every (re)connection and every minute.
 */
export function useWorklist(handlers: WorklistHandlers = {}) {
  const [state, setState] = useState<WorklistState>({ status: 'loading' });
  const latest = useRef(state);
  latest.current = state;
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  // Changes seen since the read in flight started (null: no read in flight).
  const pending = useRef<Change[] | null>(null);
  const controller = useRef<AbortController | null>(null);

  const reload = useCallback(() => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    pending.current = [];
    loadAll(current.signal).then(
      (fresh) => {
        if (current.signal.aborted) return;
        const data = (pending.current ?? []).reduce(applyChange, fresh);
        pending.current = null;
        setState({ status: 'ready', data, refreshError: null });
      },
      (error: unknown) => {
        if (current.signal.aborted) return;
        pending.current = null;
        const apiError = error instanceof ApiError ? error : ApiError.network(error);
        setState((before) =>
          before.status === 'ready'
            ? { ...before, refreshError: apiError }
            : { status: 'error', error: apiError },
        );
      },
    );
  }, []);

  useEffect(() => {
    reload();
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => {
      window.clearInterval(timer);
      controller.current?.abort();
    };
  }, [reload]);

  /** Applies a row the API returned (after an action) or the socket pushed. */
  const apply = useCallback((change: Change) => {
    pending.current?.push(change);
    setState((before) =>
      before.status === 'ready' ? { ...before, data: applyChange(before.data, change) } : before,
    );
  }, []);

  const applyAlert = useCallback((alert: Alert) => apply({ kind: 'alert', alert }), [apply]);
  const applyTask = useCallback((item: WorkItem) => apply({ kind: 'task', item }), [apply]);

  useRealtimeEvent('alert.changed', (alert) => {
    const before = latest.current;
    const previous = before.status === 'ready' ? before.data.alerts.get(alert.id) : undefined;
    applyAlert(alert);
    handlersRef.current.onAlertEvent?.(alert, previous);
  });
  useRealtimeEvent('workitem.changed', (item) => {
    const before = latest.current;
    const previous = before.status === 'ready' ? before.data.items.get(item.id) : undefined;
    applyTask(item);
    handlersRef.current.onTaskEvent?.(item, previous);
  });
  useRealtimeEvent('resync', reload);

  return { state, reload, applyAlert, applyTask };
}
