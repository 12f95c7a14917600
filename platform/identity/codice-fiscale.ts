/**
 * Italian codice fiscale (DM 23/12/1976): structure, check character and omocodia.
 * Written here rather than taken from a library: see docs/adr/002-codice-fiscale.md.
 */

const ODD: Record<string, number> = {
  '0': 1, '1': 0, '2': 5, '3': 7, '4': 9, '5': 13, '6': 15, '7': 17, '8': 19, '9': 21,
  A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18,
  N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
}; // prettier-ignore

const MONTHS = 'ABCDEHLMPRST';
/** Letters that replace digits 0–9 in omocodic codes (Agenzia delle Entrate). */
const OMOCODIA = 'LMNPQRSTUV';
/** Positions that hold digits in a non-omocodic code, replaced right to left. */
const DIGIT_POSITIONS = [6, 7, 9, 10, 12, 13, 14];

const PATTERN =
  /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

function evenValue(ch: string): number {
  const code = ch.charCodeAt(0);
  return code >= 48 && code <= 57 ? code - 48 : code - 65;
}

export function checkCharacter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = first15[i] ?? '';
    // Positions are 1-based in the standard: odd positions are even indexes.
    sum += i % 2 === 0 ? (ODD[ch] ?? 0) : evenValue(ch);
  }
  return String.fromCharCode(65 + (sum % 26));
}

export type CodiceFiscaleProblem = 'length' | 'format' | 'date' | 'check-character';

/** Returns null when valid, or what is wrong. Accepts lower case and surrounding spaces. */
export function codiceFiscaleProblem(input: string): CodiceFiscaleProblem | null {
  const cf = normaliseCodiceFiscale(input);
  if (cf.length !== 16) return 'length';
  if (!PATTERN.test(cf)) return 'format';
  const plain = deomocodise(cf);
  const day = Number(plain.slice(9, 11));
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return 'date';
  if (checkCharacter(cf.slice(0, 15)) !== cf[15]) return 'check-character';
  return null;
}

export function isValidCodiceFiscale(input: string): boolean {
  return codiceFiscaleProblem(input) === null;
}

export function normaliseCodiceFiscale(input: string): string {
  return input.trim().toUpperCase();
}

/** Replaces omocodia letters with their digits (the check character is kept). */
export function deomocodise(cf: string): string {
  const chars = cf.split('');
  for (const pos of DIGIT_POSITIONS) {
    const ch = chars[pos];
    if (ch === undefined) continue;
    const digit = OMOCODIA.indexOf(ch);
    if (digit >= 0) chars[pos] = String(digit);
  }
  const body = chars.slice(0, 15).join('');
  return body + checkCharacter(body);
}

/** The n-th omocodic variant (1…7): replaces the n right-most digits and recomputes the check. */
export function omocodicVariant(cf: string, level: number): string {
  const chars = normaliseCodiceFiscale(cf).split('');
  const positions = [...DIGIT_POSITIONS].reverse().slice(0, level);
  for (const pos of positions) {
    const ch = chars[pos];
    if (ch !== undefined && ch >= '0' && ch <= '9') chars[pos] = OMOCODIA[Number(ch)] ?? ch;
  }
  const body = chars.slice(0, 15).join('');
  return body + checkCharacter(body);
}

export interface CodiceFiscaleInput {
  familyName: string;
  givenName: string;
  birthDate: string; // YYYY-MM-DD
  sex: 'M' | 'F';
  /** Codice catastale (Belfiore) of the comune of birth, e.g. D612 for Firenze. */
  birthPlaceCode: string;
}

function letters(name: string): { consonants: string; vowels: string } {
  const clean = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  return {
    consonants: clean.replace(/[AEIOU]/g, ''),
    vowels: clean.replace(/[^AEIOU]/g, ''),
  };
}

function familyCode(name: string): string {
  const { consonants, vowels } = letters(name);
  return (consonants + vowels + 'XXX').slice(0, 3);
}

function givenCode(name: string): string {
  const { consonants, vowels } = letters(name);
  if (consonants.length >= 4) return consonants[0]! + consonants[2]! + consonants[3]!;
  return (consonants + vowels + 'XXX').slice(0, 3);
}

/** Computes the (non-omocodic) codice fiscale of a person. */
export function computeCodiceFiscale(p: CodiceFiscaleInput): string {
  const [year, month, day] = p.birthDate.split('-').map(Number) as [number, number, number];
  const dayCode = String(p.sex === 'F' ? day + 40 : day).padStart(2, '0');
  const body =
    familyCode(p.familyName) +
    givenCode(p.givenName) +
    String(year % 100).padStart(2, '0') +
    MONTHS[month - 1]! +
    dayCode +
    p.birthPlaceCode.toUpperCase();
  return body + checkCharacter(body);
}
