import type { Patient } from '../api/types';

export function patientName(patient: Patient): string {
  return `${patient.familyName} ${patient.givenName}`;
}

/** Whole years between a calendar birth date and today, or null when the date is unreadable. */
export function ageInYears(birthDate: string, today = new Date()): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let age = today.getFullYear() - year;
  const beforeBirthday =
    today.getMonth() + 1 < month || (today.getMonth() + 1 === month && today.getDate() < day);
  if (beforeBirthday) age -= 1;
  return age >= 0 ? age : null;
}
