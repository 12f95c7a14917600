import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setRequestLanguage } from '../api/client';
import { en } from './en';
import { it } from './it';

export const languages = ['it', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'percorsi.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'it' || value === 'en';
}

/** The language the person chose on this device, if any (an explicit choice beats the account's). */
export function storedLanguage(): Language | null {
  try {
    const value = window.localStorage.getItem(storageKey);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'it';
}

/** Switches the UI language; `remember` stores it so it survives a reload and a new login. */
export async function setLanguage(language: Language, remember: boolean): Promise<void> {
  if (remember) {
    try {
      window.localStorage.setItem(storageKey, language);
    } catch {
      // Private mode or storage disabled: the switch still applies to this page.
    }
  }
  await i18next.changeLanguage(language);
}

export function initI18n(): typeof i18next {
  i18next.on('languageChanged', (language) => {
    const effective = isLanguage(language) ? language : 'it';
    document.documentElement.lang = effective;
    setRequestLanguage(effective);
  });
  void i18next.use(initReactI18next).init({
    resources: { it: { translation: it }, en: { translation: en } },
    lng: storedLanguage() ?? 'it',
    fallbackLng: 'it',
    supportedLngs: [...languages],
    initAsync: false,
    interpolation: { escapeValue: false }, // React already escapes.
    returnNull: false,
  });
  document.documentElement.lang = currentLanguage();
  setRequestLanguage(currentLanguage());
  return i18next;
}

/**
 * Translates a key that comes from data (a pathway kind, an event kind): when the catalogue
 * has no entry the raw value is shown in a readable form instead of the key.
 */
export function translateOptional(key: string, fallback: string): string {
  const t = i18next.t as unknown as (k: string, options: { defaultValue: string }) => string;
  return i18next.exists(key) ? t(key, { defaultValue: fallback }) : fallback;
}

/** `blood-pressure_check` → `Blood pressure check`: readable fallback for identifiers. */
export function humanise(identifier: string): string {
  const words = identifier.replace(/[._-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
