import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/error-message';

/** Where loading Form.io stands, for the builder and the renderer alike. */
export type FormioLoadState =
  { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: unknown };

/** "Loading…" while Form.io arrives, or its failure with a retry; nothing once it is ready. */
export function FormioStatus({
  state,
  loadingText,
  onRetry,
}: {
  state: FormioLoadState;
  loadingText: string;
  onRetry(): void;
}) {
  const { t } = useTranslation();
  if (state.status === 'loading') {
    return (
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" />
        {loadingText}
      </p>
    );
  }
  if (state.status === 'error') {
    return <ErrorMessage error={state.error} message={t('forms.formioFailed')} onRetry={onRetry} />;
  }
  return null;
}
