import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from './error-message';
import type { ApiResource } from './use-api';

/** Renders loading, error (with retry) or the data of a resource loaded with useApi. */
export function AsyncView<T>({
  resource,
  children,
}: {
  resource: ApiResource<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const { state } = resource;
  if (state.status === 'loading') {
    return (
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('app.loading')}
      </p>
    );
  }
  if (state.status === 'error')
    return <ErrorMessage error={state.error} onRetry={resource.reload} />;
  return <>{children(state.data)}</>;
}
