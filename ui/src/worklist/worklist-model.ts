import type { Alert, AlertSeverity, WorkItem } from '../api/types';

// The console's rules, pure: what is on the worklist, in what order, under which filter.

export type WorklistEntry =
  { kind: 'alert'; id: string; alert: Alert } | { kind: 'task'; id: string; item: WorkItem };

/** Alerts stay on the worklist until resolved: acknowledged ones still wait for a resolution. */
export function alertOnWorklist(alert: Pick<Alert, 'status'>): boolean {
  return alert.status === 'open' || alert.status === 'acknowledged';
}

/** Open tasks for clinicians (the patient's own to-dos are on the patient's portal). */
export function taskOnWorklist(item: Pick<WorkItem, 'status' | 'assignee'>): boolean {
  return item.status === 'open' && item.assignee !== 'patient' && item.assignee !== 'caregiver';
}

const severityRank: Record<AlertSeverity, number> = { red: 0, orange: 1, yellow: 2 };

function rank(entry: WorklistEntry): number {
  return entry.kind === 'alert' ? (severityRank[entry.alert.severity] ?? 2) : 3;
}

/** When it must be dealt with: an open alert's acknowledge-by, a task's due time. */
export function deadlineOf(entry: WorklistEntry): string | null {
  if (entry.kind === 'task') return entry.item.dueAt;
  return entry.alert.status === 'open' ? entry.alert.acknowledgeBy : null;
}

/**
 * Red, orange, yellow alerts, then tasks; within each, the alerts still to acknowledge before
 * the acknowledged ones (whose clock has stopped), then the nearest deadline first.
 */
export function compareEntries(a: WorklistEntry, b: WorklistEntry): number {
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  const acknowledged = (e: WorklistEntry) =>
    e.kind === 'alert' && e.alert.status !== 'open' ? 1 : 0;
  const byAck = acknowledged(a) - acknowledged(b);
  if (byAck !== 0) return byAck;
  const da = deadlineOf(a) ?? '9999';
  const db = deadlineOf(b) ?? '9999';
  if (da !== db) return da < db ? -1 : 1;
  const ra = a.kind === 'alert' ? a.alert.raisedAt : a.item.openedAt;
  const rb = b.kind === 'alert' ? b.alert.raisedAt : b.item.openedAt;
  return ra === rb ? a.id.localeCompare(b.id) : ra < rb ? -1 : 1;
}

export type WhoFilter = 'all' | 'mine' | 'free';
export type WhatFilter = 'all' | 'alerts' | 'tasks';

export function claimedBy(entry: WorklistEntry): string | null {
  return (entry.kind === 'alert' ? entry.alert.claimedBy : entry.item.claimedBy) ?? null;
}

export function matchesFilter(
  entry: WorklistEntry,
  filter: { who: WhoFilter; what: WhatFilter },
  me: string,
): boolean {
  if (filter.what === 'alerts' && entry.kind !== 'alert') return false;
  if (filter.what === 'tasks' && entry.kind !== 'task') return false;
  const holder = claimedBy(entry);
  if (filter.who === 'mine') return holder === me;
  if (filter.who === 'free') return holder === null;
  return true;
}

export function worklistEntries(
  alerts: Iterable<Alert>,
  items: Iterable<WorkItem>,
): WorklistEntry[] {
  const entries: WorklistEntry[] = [];
  for (const alert of alerts) {
    if (alertOnWorklist(alert)) entries.push({ kind: 'alert', id: alert.id, alert });
  }
  for (const item of items) {
    if (taskOnWorklist(item)) entries.push({ kind: 'task', id: item.id, item });
  }
  return entries.sort(compareEntries);
}
