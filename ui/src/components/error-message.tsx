import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';

/** The sentence a person sees for a failed call, in their language (server titles are not shown). */
export function describeError(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError)) return t('errors.unexpected');
  if (error.kind === 'network') return t('errors.network');
  switch (error.status) {
    case 400:
    case 422:
      return t('errors.validation');
    case 401:
      return t('errors.unauthorized');
    case 403:
      return t('errors.forbidden');
    case 404:
      return t('errors.notFound');
    case 409:
      return t('errors.conflict');
    case 429:
      return t('errors.tooMany');
    default:
      return error.status >= 500 ? t('errors.server') : t('errors.unexpected');
  }
}

interface ErrorMessageProps {
  error: unknown;
  /** Overrides the generic sentence, e.g. "Credenziali non valide" on the login form. */
  message?: string;
  onRetry?: () => void;
}

/** An error box announced to screen readers; lists field problems when the API sent them. */
export function ErrorMessage({ error, message, onRetry }: ErrorMessageProps) {
  const { t } = useTranslation();
  const fields = error instanceof ApiError ? error.fieldErrors : [];
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__title">{message ?? describeError(error, t)}</p>
      {fields.length > 0 && (
        <ul className="alert__list">
          {fields.map((field) => (
            <li key={`${field.path}:${field.message}`}>
              {t('errors.field', { path: field.path || '—', message: field.message })}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="button button--secondary button--small" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}
