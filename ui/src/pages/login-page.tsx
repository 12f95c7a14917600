import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/api-error';
import { ErrorMessage } from '../components/error-message';
import { FullPageLoading } from '../components/full-page-loading';
import { BrandMark } from '../layout/brand-mark';
import { LanguageSwitch } from '../layout/language-switch';
import { homePath, roleMayOpen } from '../routing/sections';
import { useSession } from '../session/session-context';

type Failure = { kind: 'missing' } | { kind: 'api'; error: unknown };

function fromState(state: unknown): string | null {
  if (typeof state === 'object' && state !== null && 'from' in state) {
    const { from } = state;
    if (typeof from === 'string' && from.startsWith('/') && from !== '/login') return from;
  }
  return null;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { session, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const ids = { user: useId(), password: useId(), error: useId(), demo: useId() };

  useEffect(() => {
    document.title = t('app.documentTitle', { page: t('login.title') });
  }, [t]);

  if (session.status === 'loading') return <FullPageLoading />;
  if (session.status === 'authenticated' && !submitting) {
    return <Navigate to={homePath(session.user.role)} replace />;
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!username.trim() || !password) {
      setFailure({ kind: 'missing' });
      (username.trim() ? passwordRef : usernameRef).current?.focus();
      return;
    }
    setSubmitting(true);
    setFailure(null);
    try {
      const user = await login(username.trim(), password);
      const from = fromState(location.state);
      void navigate(
        from && roleMayOpen(user.role, from.split('?')[0] ?? '') ? from : homePath(user.role),
        {
          replace: true,
        },
      );
    } catch (error) {
      setFailure({ kind: 'api', error });
      setPassword('');
      passwordRef.current?.focus();
    } finally {
      setSubmitting(false);
    }
  }

  const invalidCredentials =
    failure?.kind === 'api' && failure.error instanceof ApiError && failure.error.status === 401;
  const notice =
    session.status === 'anonymous' && session.reason === 'expired'
      ? t('login.sessionExpired')
      : session.status === 'anonymous' && session.reason === 'logged-out'
        ? t('login.loggedOut')
        : null;

  return (
    <div className="login">
      <a className="skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <header className="login__header">
        <div className="login__brand">
          <BrandMark />
          <span className="login__brand-name">{t('app.name')}</span>
        </div>
        <LanguageSwitch />
      </header>
      <main id="main-content" className="login__main" tabIndex={-1}>
        <div className="login__card">
          <h1>{t('login.title')}</h1>
          <p className="login__intro">{t('login.intro')}</p>
          {notice && (
            <p className="alert alert--info" role="status">
              {notice}
            </p>
          )}
          <form className="form" onSubmit={(event) => void handleSubmit(event)} noValidate>
            <div id={ids.error}>
              {failure?.kind === 'missing' && (
                <ErrorMessage error={null} message={t('login.required')} />
              )}
              {failure?.kind === 'api' && (
                <ErrorMessage
                  error={failure.error}
                  {...(invalidCredentials ? { message: t('errors.invalidCredentials') } : {})}
                />
              )}
            </div>
            <div className="field">
              <label htmlFor={ids.user}>{t('login.username')}</label>
              <input
                ref={usernameRef}
                id={ids.user}
                name="username"
                type="text"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                value={username}
                onChange={(event) => setUsername(event.target.value)}
                aria-invalid={failure ? true : undefined}
                aria-describedby={failure ? ids.error : undefined}
              />
            </div>
            <div className="field">
              <label htmlFor={ids.password}>{t('login.password')}</label>
              <input
                ref={passwordRef}
                id={ids.password}
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                aria-invalid={failure ? true : undefined}
                aria-describedby={failure ? ids.error : undefined}
              />
            </div>
            <button
              type="submit"
              className="button button--primary button--block"
              disabled={submitting}
            >
              {submitting ? t('login.submitting') : t('login.submit')}
            </button>
          </form>
          <div className="demo-note" role="note" aria-labelledby={ids.demo}>
            <h2 className="demo-note__title" id={ids.demo}>
              {t('login.demoTitle')}
            </h2>
            <p>
              <Trans i18nKey="login.demoHint" components={{ code: <code /> }} />
            </p>
          </div>
        </div>
      </main>
    </div>
  );
}
