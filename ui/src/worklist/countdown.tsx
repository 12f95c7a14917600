import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useLanguage } from '../components/use-language';
import type { Language } from '../i18n/i18n';

/** The current time, re-rendering the caller every `intervalMs`. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** "29:41" under an hour (the minutes that matter), "2 h 05 min", "3 g 4 h". */
export function durationText(ms: number, t: TFunction): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (hours < 1) return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
  if (days < 1)
    return t('worklist.hoursMinutes', { hours, minutes: String(minutes % 60).padStart(2, '0') });
  return t('worklist.daysHours', { days, hours: hours % 24 });
}

const locales: Record<Language, string> = { it: 'it-IT', en: 'en-GB' };

export function clockTime(iso: string, language: Language): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date().toDateString();
  return new Intl.DateTimeFormat(
    locales[language],
    sameDay ? { hour: '2-digit', minute: '2-digit' } : { dateStyle: 'short', timeStyle: 'short' },
  ).format(date);
}

/**
 * Time left to a deadline, ticking; once past it, how late, in red. `kind` says which
 * deadline: an alert's acknowledgement or a task's due time.
 */
export function Countdown({
  deadline,
  now,
  kind,
}: {
  deadline: string;
  now: number;
  kind: 'acknowledge' | 'due';
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const left = Date.parse(deadline) - now;
  const overdue = left < 0;
  const text = overdue
    ? t('worklist.overdue', { time: durationText(-left, t) })
    : t(kind === 'acknowledge' ? 'worklist.acknowledgeWithin' : 'worklist.dueWithin', {
        time: durationText(left, t),
      });
  return (
    <span
      className={`countdown${overdue ? ' countdown--overdue' : left < 10 * 60_000 ? ' countdown--soon' : ''}`}
      data-testid="countdown"
      data-overdue={overdue ? 'true' : 'false'}
    >
      <span className="countdown__text">{text}</span>
      <time className="countdown__at" dateTime={deadline}>
        {t('worklist.deadlineAt', { time: clockTime(deadline, language) })}
      </time>
    </span>
  );
}
