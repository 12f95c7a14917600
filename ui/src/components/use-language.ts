import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../api/types';
import { isLanguage, type Language } from '../i18n/i18n';

/** The active UI language, re-rendering the caller when it changes. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return isLanguage(i18n.language) ? i18n.language : 'it';
}

/** Picks the text for `language`, falling back to Italian (the reference language). */
export function localized(text: LocalizedText | null | undefined, language: Language): string {
  if (!text) return '';
  return text[language] || text.it || text.en;
}
