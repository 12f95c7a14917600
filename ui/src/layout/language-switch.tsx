import { useTranslation } from 'react-i18next';
import { currentLanguage, languages, setLanguage } from '../i18n/i18n';

/** IT / EN toggle; the choice is remembered on this device. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const active = currentLanguage();
  return (
    <div
      className="language-switch"
      role="group"
      aria-label={t('language.label')}
      data-language={i18n.language}
    >
      {languages.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="language-switch__option"
          aria-pressed={language === active}
          onClick={() => void setLanguage(language, true)}
        >
          <span aria-hidden="true">{language.toUpperCase()}</span>
          <span className="visually-hidden">{t(`language.${language}`)}</span>
        </button>
      ))}
    </div>
  );
}
