import type { TFunction } from 'i18next';
import { ApiError } from '../api/api-error';
import type { VideoPerson, VideoRole, VideoSession } from '../api/types';
import { formatDateTime } from '../i18n/format';
import type { Language } from '../i18n/i18n';
import type { CallFailure } from './janus-call';

/** The sentence for a camera, microphone, network or Janus problem. */
export function failureText(failure: CallFailure, t: TFunction): string {
  switch (failure) {
    case 'permission':
      return t('video.errors.permission');
    case 'no-device':
      return t('video.errors.noDevice');
    case 'device-busy':
      return t('video.errors.deviceBusy');
    case 'unsupported':
      return t('video.errors.unsupported');
    case 'connection':
      return t('video.errors.connection');
    case 'lost':
      return t('video.errors.lost');
    case 'ice':
      return t('video.errors.ice');
    case 'room':
      return t('video.errors.room');
  }
}

/** What went wrong with a call to the video API, said for this visit (the API's detail when it explains). */
export function videoApiProblem(
  error: unknown,
  session: VideoSession | null,
  t: TFunction,
  language: Language,
): string {
  if (!(error instanceof ApiError)) return t('video.errors.generic');
  if (error.kind === 'network') return t('errors.network');
  const detail = error.problem?.detail;
  switch (error.status) {
    case 403:
    case 404:
      return t('video.errors.notParticipant');
    case 409:
      if (detail) return detail;
      if (session?.status === 'ended' || session?.status === 'cancelled') {
        return t('video.errors.ended');
      }
      return session
        ? t('video.errors.notOpenAt', { when: formatDateTime(session.opensAt, language) })
        : t('video.errors.notOpen');
    case 503:
      return detail || session?.unavailableReason || t('video.errors.unavailable');
    default:
      return detail || t('video.errors.generic');
  }
}

export function roleList(roles: readonly VideoRole[], t: TFunction): string {
  return roles.map((role) => t(`video.roles.${role}`)).join(', ');
}

/**
 * Who lets the patient in, for the patient's sentences: the clinicians' names once they are in
 * the session, else the role the step names ("il medico"), else "il personale sanitario".
 */
export function clinicianWording(session: VideoSession, t: TFunction): string {
  const names = session.people
    .filter((person) => isClinicianRole(person.role) && person.state !== 'left')
    .map((person) => person.displayName)
    .filter(Boolean);
  if (names.length > 0) return names.join(', ');
  if (session.participants.includes('doctor')) return t('video.check.whoDoctor');
  if (session.participants.includes('nurse')) return t('video.check.whoNurse');
  if (session.participants.includes('consultant')) return t('video.check.whoConsultant');
  return t('video.check.whoDefault');
}

/** "il medico …" at the start of a sentence. */
export function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

export function isClinicianRole(role: VideoRole | null): boolean {
  return role === 'doctor' || role === 'nurse' || role === 'consultant';
}

export function waitingPeople(session: VideoSession): VideoPerson[] {
  return session.people
    .filter((person) => person.state === 'waiting')
    .sort((a, b) => (a.waitingSince ?? '').localeCompare(b.waitingSince ?? ''));
}

/** "3 min" / "45 s" since an instant, for waiting times. */
export function minutesSince(iso: string | null, now: number, language: Language): string {
  if (!iso) return '—';
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  const unit = seconds < 60 ? 'second' : 'minute';
  const value = seconds < 60 ? seconds : Math.floor(seconds / 60);
  return new Intl.NumberFormat(language === 'it' ? 'it-IT' : 'en-GB', {
    style: 'unit',
    unit,
    unitDisplay: 'short',
  }).format(value);
}

/** "04:05" or "1:02:03" for the time spent in the call. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** The time line under a session's title: when it opens, until when it is open, when it ended. */
export function sessionWhen(session: VideoSession, t: TFunction, language: Language): string {
  switch (session.status) {
    case 'scheduled':
      return t('video.when.opensAt', { when: formatDateTime(session.opensAt, language) });
    case 'open':
    case 'unavailable':
      return t('video.when.openUntil', { when: formatDateTime(session.expiresAt, language) });
    case 'ended':
    case 'cancelled':
      return t('video.when.endedAt', {
        when: formatDateTime(session.endedAt ?? session.expiresAt, language),
      });
  }
}
