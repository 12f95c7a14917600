import type { TFunction } from 'i18next';
import type { LocalizedText, SimAlert, TimelineEntry } from '../api/types';
import { localized } from '../components/use-language';
import { formatNumber } from '../i18n/format';
import { humanise, translateOptional, type Language } from '../i18n/i18n';

// The simulator's own labels are Italian sentences for the CLI; the page words each entry
// from its command or event instead, in the reader's language, and falls back to the label
// for anything it does not know yet.

/** Titles from the definition being simulated, so entries can name steps, tracks and data. */
export interface DefinitionIndex {
  steps: Map<string, LocalizedText>;
  tracks: Map<string, LocalizedText>;
  dataPoints: Map<string, { title: LocalizedText; unit?: string }>;
}

export const emptyIndex: DefinitionIndex = {
  steps: new Map(),
  tracks: new Map(),
  dataPoints: new Map(),
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asText(value: unknown): LocalizedText | null {
  if (!isRecord(value)) return null;
  const it = typeof value.it === 'string' ? value.it : '';
  const en = typeof value.en === 'string' ? value.en : '';
  return it || en ? { it, en } : null;
}

/** Reads titles defensively from whatever the editor holds (it may be half-written). */
export function indexDefinition(definition: unknown): DefinitionIndex {
  const index: DefinitionIndex = { steps: new Map(), tracks: new Map(), dataPoints: new Map() };
  if (!isRecord(definition)) return index;
  if (Array.isArray(definition.tracks)) {
    for (const track of definition.tracks) {
      if (!isRecord(track)) continue;
      const title = asText(track.title);
      if (typeof track.id === 'string' && title) index.tracks.set(track.id, title);
      if (!Array.isArray(track.steps)) continue;
      for (const step of track.steps) {
        if (!isRecord(step)) continue;
        const stepTitle = asText(step.title);
        if (typeof step.id === 'string' && stepTitle) index.steps.set(step.id, stepTitle);
      }
    }
  }
  if (isRecord(definition.dataPoints)) {
    for (const [name, point] of Object.entries(definition.dataPoints)) {
      if (!isRecord(point)) continue;
      const title = asText(point.title) ?? { it: name, en: name };
      const unit = typeof point.unit === 'string' ? point.unit : undefined;
      index.dataPoints.set(name, unit ? { title, unit } : { title });
    }
  }
  return index;
}

/** Work items and alerts met so far, so a later entry ("closed", "escalated") can name them. */
export interface TimelineMemory {
  items: Map<string, LocalizedText>;
  alerts: Map<string, SimAlert>;
}

export function rememberAll(timeline: readonly TimelineEntry[]): TimelineMemory {
  const memory: TimelineMemory = { items: new Map(), alerts: new Map() };
  for (const entry of timeline) {
    const command = entry.command;
    if (command?.type === 'open-item') memory.items.set(command.item.id, command.item.title);
    if (command?.type === 'raise-alert') memory.alerts.set(command.alert.id, command.alert);
  }
  return memory;
}

export type Tone = 'red' | 'orange' | 'yellow' | 'blue' | 'green' | 'grey' | 'purple';

/** What kind of thing an entry is: its badge text key, colour and filter group. */
export interface EntryClass {
  badge: string;
  tone: Tone;
  /**
   * `alert` and `missed` are what a designer looks for first; `routine` (a reading falling due,
   * a done item closing) and `technical` (data recorded) are hidden unless asked for.
   */
  group: 'alert' | 'missed' | 'task' | 'care' | 'patient' | 'routine' | 'technical';
}

export function classify(entry: TimelineEntry): EntryClass {
  const command = entry.command;
  const event = entry.event;
  if (command) {
    switch (command.type) {
      case 'raise-alert':
        return {
          badge: `alert-${command.alert.severity}`,
          tone: command.alert.severity,
          group: 'alert',
        };
      case 'escalate-alert':
      case 'alert-ladder-exhausted':
        return { badge: 'escalation', tone: 'red', group: 'alert' };
      case 'close-alert':
        return { badge: 'alert-closed', tone: 'green', group: 'alert' };
      case 'missed':
        return { badge: 'missed', tone: 'orange', group: 'missed' };
      case 'close-item':
        return command.status === 'missed' || command.status === 'no-show'
          ? { badge: 'missed', tone: 'orange', group: 'missed' }
          : { badge: 'closed', tone: 'green', group: 'routine' };
      case 'open-item':
        return itemClass(command.item.kind);
      case 'escalate-item':
        return { badge: 'escalation', tone: 'orange', group: 'task' };
      case 'remind':
        return { badge: 'reminder', tone: 'yellow', group: 'care' };
      case 'notify':
        return { badge: 'notification', tone: 'blue', group: 'care' };
      case 'track-changed':
        return { badge: 'track', tone: 'purple', group: 'care' };
      case 'complete':
        return { badge: 'outcome', tone: 'purple', group: 'care' };
      case 'data-changed':
      case 'reading-accepted':
        return { badge: 'data', tone: 'grey', group: 'technical' };
      case 'schedule-timer':
      case 'cancel-timer':
        return { badge: 'timer', tone: 'grey', group: 'technical' };
    }
  }
  if (event) {
    switch (event.type) {
      case 'enrolment-started':
        return { badge: 'enrolment', tone: 'purple', group: 'care' };
      case 'reading-received':
        return { badge: 'reading', tone: 'blue', group: 'patient' };
      case 'form-submitted':
        return { badge: 'form', tone: 'blue', group: 'patient' };
      case 'item-completed':
        return { badge: 'done', tone: 'green', group: 'care' };
      case 'alert-acknowledged':
      case 'alert-resolved':
        return { badge: 'alert-closed', tone: 'green', group: 'alert' };
      case 'withdrawn':
        return { badge: 'withdrawn', tone: 'purple', group: 'care' };
      case 'timer-fired':
        return { badge: 'timer', tone: 'grey', group: 'technical' };
    }
  }
  if (entry.kind === 'rejected') return { badge: 'rejected', tone: 'red', group: 'alert' };
  return { badge: 'other', tone: 'grey', group: 'technical' };
}

function itemClass(kind: string): EntryClass {
  switch (kind) {
    case 'task':
      return { badge: 'task', tone: 'blue', group: 'task' };
    case 'video':
      return { badge: 'video', tone: 'blue', group: 'task' };
    case 'document':
      return { badge: 'document', tone: 'blue', group: 'task' };
    case 'notification':
      return { badge: 'notification', tone: 'blue', group: 'care' };
    case 'reading-due':
    case 'reading':
      return { badge: 'reading-due', tone: 'grey', group: 'routine' };
    case 'form':
      return { badge: 'form', tone: 'grey', group: 'routine' };
    default:
      return { badge: 'task', tone: 'blue', group: 'task' };
  }
}

/** A role as a bare noun, as the one something goes to ("all'infermiere") or is done by. */
function role(value: string, form: 'plain' | 'to' | 'by' = 'plain'): string {
  const plain = translateOptional(`workbench.assignees.${value}`, humanise(value));
  if (form === 'plain') return plain;
  const group = form === 'to' ? 'toAssignee' : 'byAssignee';
  return translateOptional(`workbench.${group}.${value}`, plain);
}

function formatValue(value: unknown, language: Language): string {
  if (typeof value === 'number') return formatNumber(value, language);
  if (typeof value === 'boolean')
    return translateOptional(`workbench.timeline.${value ? 'yes' : 'no'}`, String(value));
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

const timeFormats: Record<Language, Intl.DateTimeFormat> = {
  it: new Intl.DateTimeFormat('it-IT', {
    timeZone: 'Europe/Rome',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Rome',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }),
};

/** A deadline inside an entry: "25 mar, 09:30" (Europe/Rome). */
export function formatMoment(iso: string, language: Language): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormats[language].format(date);
}

/** The entry in one sentence, in the reader's language. */
export function describeEntry(
  entry: TimelineEntry,
  index: DefinitionIndex,
  memory: TimelineMemory,
  t: TFunction,
  language: Language,
): string {
  const text = (value: LocalizedText | null | undefined, fallback: string) =>
    value ? localized(value, language) || fallback : fallback;
  const item = (id: string) => text(memory.items.get(id), id);
  const alert = (id: string) => text(memory.alerts.get(id)?.title, id);
  const step = (id: string) => text(index.steps.get(id), id);
  const dataPoint = (name: string) => text(index.dataPoints.get(name)?.title, name);
  const unit = (name: string) => {
    const value = index.dataPoints.get(name)?.unit;
    return value ? ` ${value}` : '';
  };

  const command = entry.command;
  if (command) {
    switch (command.type) {
      case 'raise-alert':
        return t('workbench.timeline.raiseAlert', {
          severity: t(`workbench.severity.${command.alert.severity}`),
          title: text(command.alert.title, command.alert.ruleId),
          role: role(command.alert.assignee, 'to'),
          by: formatMoment(command.alert.acknowledgeBy, language),
        });
      case 'escalate-alert':
        return t('workbench.timeline.escalateAlert', {
          title: alert(command.alertId),
          role: role(command.assignee, 'to'),
          level: command.level,
          by: formatMoment(command.acknowledgeBy, language),
        });
      case 'alert-ladder-exhausted':
        return t('workbench.timeline.ladderExhausted', {
          title: alert(command.alertId),
          role: role(command.assignee, 'to'),
        });
      case 'close-alert':
        return t(
          command.status === 'acknowledged'
            ? 'workbench.timeline.alertAcknowledged'
            : 'workbench.timeline.alertResolved',
          { title: alert(command.alertId), role: role(command.by, 'by') },
        );
      case 'open-item': {
        const kind = translateOptional(
          `workbench.itemKinds.${command.item.kind}`,
          humanise(command.item.kind),
        );
        const sentence = t('workbench.timeline.openItem', {
          kind,
          title: text(command.item.title, command.item.id),
          role: role(command.item.assignee, 'to'),
        });
        return command.item.dueAt
          ? `${sentence} ${t('workbench.timeline.due', { at: formatMoment(command.item.dueAt, language) })}`
          : sentence;
      }
      case 'close-item':
        return t(`workbench.timeline.closeItem.${command.status}`, {
          title: item(command.itemId),
        });
      case 'escalate-item':
        return t('workbench.timeline.escalateItem', {
          title: item(command.itemId),
          role: role(command.assignee, 'to'),
          level: command.level,
          by: formatMoment(command.dueAt, language),
        });
      case 'remind':
        return t('workbench.timeline.remind', {
          title: text(command.title, command.itemId),
          role: role(command.to, 'to'),
        });
      case 'notify':
        return t('workbench.timeline.notify', {
          role: role(command.to, 'to'),
          channels: command.channels.join(', '),
          message: text(command.message, command.key),
        });
      case 'data-changed':
        return t('workbench.timeline.dataChanged', {
          name: dataPoint(command.dataPoint),
          value: `${formatValue(command.value, language)}${unit(command.dataPoint)}`,
        });
      case 'reading-accepted':
        return t('workbench.timeline.readingAccepted');
      case 'missed':
        return t('workbench.timeline.missed', {
          title: step(command.stepId),
          count: command.consecutive,
        });
      case 'track-changed':
        return t(`workbench.timeline.track.${command.status}`, {
          title: text(index.tracks.get(command.trackId), command.trackId),
        });
      case 'complete':
        return t(
          command.status === 'completed'
            ? 'workbench.timeline.completed'
            : 'workbench.timeline.endedWithdrawn',
          { outcome: command.outcome },
        );
      case 'schedule-timer':
        return t('workbench.timeline.timer', {
          id: command.timerId,
          at: formatMoment(command.at, language),
        });
      case 'cancel-timer':
        return t('workbench.timeline.timerCancelled', { id: command.timerId });
    }
  }
  const event = entry.event;
  if (event) {
    switch (event.type) {
      case 'enrolment-started':
        return t('workbench.timeline.enrolled');
      case 'reading-received':
        return t('workbench.timeline.reading', {
          values: Object.entries(event.values)
            .map(
              ([name, value]) => `${dataPoint(name)} ${formatValue(value, language)}${unit(name)}`,
            )
            .join(', '),
        });
      case 'form-submitted':
        return t('workbench.timeline.formSubmitted', {
          title: item(event.itemId),
          values: Object.entries(event.values)
            .map(([name, value]) => `${dataPoint(name)} ${formatValue(value, language)}`)
            .join(', '),
        });
      case 'item-completed': {
        const sentence = t('workbench.timeline.itemCompleted', {
          title: item(event.itemId),
          role: role(event.by, 'by'),
        });
        return event.attended
          ? `${sentence} ${t('workbench.timeline.attended', { roles: event.attended.map((person) => role(person)).join(', ') })}`
          : sentence;
      }
      case 'alert-acknowledged':
        return t('workbench.timeline.acknowledges', {
          title: alert(event.alertId),
          role: role(event.by, 'by'),
        });
      case 'alert-resolved':
        return t('workbench.timeline.resolves', {
          title: alert(event.alertId),
          role: role(event.by, 'by'),
        });
      case 'withdrawn':
        return t('workbench.timeline.withdrawn');
      case 'timer-fired':
        return t('workbench.timeline.timerFired', { id: event.timerId });
    }
  }
  return entry.label;
}
