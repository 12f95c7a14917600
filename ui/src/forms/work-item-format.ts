import type { WorkItem } from '../api/types';
import { humanise, translateOptional, type Language } from '../i18n/i18n';

const locales: Record<Language, string> = { it: 'it-IT', en: 'en-GB' };

/** Work items filled with a form: form steps, and consults whose step names a form (the opinion). */
export function isFormTask(item: Pick<WorkItem, 'kind' | 'details'>): boolean {
  const form = (item.details as { form?: { id?: unknown } | null }).form;
  return item.kind === 'form' || (item.kind === 'consult' && typeof form?.id === 'string');
}

/** "Questionario", "Misurazione"…: the kind of a work item in words. */
export function workItemKindLabel(kind: string): string {
  return translateOptional(`workbench.itemKinds.${kind}`, humanise(kind));
}

export type DueText = { key: 'forms.due.today' | 'forms.due.date'; when: string } | null;

/** When a task is due: the time alone when it is today, the date and time otherwise. */
export function dueText(
  item: Pick<WorkItem, 'dueAt'>,
  language: Language,
  now = new Date(),
): DueText {
  if (!item.dueAt) return null;
  const due = new Date(item.dueAt);
  if (Number.isNaN(due.getTime())) return null;
  const sameDay = due.toDateString() === now.toDateString();
  const when = new Intl.DateTimeFormat(
    locales[language],
    sameDay ? { hour: '2-digit', minute: '2-digit' } : { dateStyle: 'medium', timeStyle: 'short' },
  ).format(due);
  return { key: sameDay ? 'forms.due.today' : 'forms.due.date', when };
}

export function isOverdue(item: Pick<WorkItem, 'dueAt'>, now = new Date()): boolean {
  return item.dueAt !== null && new Date(item.dueAt).getTime() < now.getTime();
}
