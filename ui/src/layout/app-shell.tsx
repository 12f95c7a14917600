import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Icon } from '../components/icon';
import { InboxProvider, useInbox } from '../patient/inbox-context';
import { RealtimeProvider } from '../realtime/realtime-context';
import { sectionsByRole, type Section } from '../routing/sections';
import { useUser, useSession } from '../session/session-context';
import { ConnectionIndicator } from './connection-indicator';
import { LanguageSwitch } from './language-switch';
import { BrandMark } from './brand-mark';

/** Header, role navigation and main landmark around every signed-in page. */
export function AppShell() {
  const { t } = useTranslation();
  const user = useUser();
  const { logout } = useSession();
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);
  const sections = sectionsByRole[user.role];
  const { pathname } = useLocation();
  // The section the page belongs to: the longest path that contains it (a sub-page of the
  // home, like a patient's answers, stays under the home; /designer/questionari/x under its own).
  const current = sections
    .filter((section) => pathname === section.path || pathname.startsWith(`${section.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];

  async function handleLogout() {
    setLeaving(true);
    try {
      await logout();
    } finally {
      void navigate('/login', { replace: true });
    }
  }

  // The patient's inbox is read once for the whole portal: the nav shows its unread count.
  const WithInbox = user.role === 'patient' ? InboxProvider : PassThrough;

  return (
    <RealtimeProvider>
      <WithInbox>
        <a className="skip-link" href="#main-content">
          {t('app.skipToContent')}
        </a>
        <div
          className={`shell shell--${user.role}${sections.length === 1 ? ' shell--single-section' : ''}`}
        >
          <header className="site-header">
            <div className="site-header__brand">
              <BrandMark />
              <div className="site-header__titles">
                <span className="site-header__name">{t('app.name')}</span>
                <span className="site-header__tenant">
                  <span className="visually-hidden">{t('header.tenant')}: </span>
                  <span data-testid="tenant-name">{user.tenantName}</span>
                </span>
              </div>
            </div>
            <div className="site-header__tools">
              <ConnectionIndicator />
              <LanguageSwitch />
              <div className="site-header__user">
                <span className="visually-hidden">{t('header.signedInAs')}: </span>
                <span className="site-header__user-name" data-testid="user-name">
                  {user.displayName}
                </span>
                <span className="site-header__user-role" data-testid="user-role">
                  {t(`roles.${user.role}`)}
                </span>
              </div>
              <button
                type="button"
                className="button button--ghost site-header__logout"
                onClick={() => void handleLogout()}
                disabled={leaving}
              >
                <Icon name="logout" size={18} />
                <span>{leaving ? t('header.loggingOut') : t('header.logout')}</span>
              </button>
            </div>
          </header>
          <nav className="side-nav" aria-label={t('nav.label')}>
            <ul>
              {sections.map((section) => (
                <li key={section.path}>
                  <Link
                    to={section.path}
                    className="side-nav__link"
                    aria-current={section === current ? 'page' : undefined}
                  >
                    <Icon name={section.icon} />
                    <span>{t(section.label)}</span>
                    <NavCounter section={section} />
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <main id="main-content" className="main" tabIndex={-1}>
            <Outlet />
          </main>
        </div>
      </WithInbox>
    </RealtimeProvider>
  );
}

function PassThrough({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

/** The unread messages beside "Messaggi" (nothing when there are none). */
function NavCounter({ section }: { section: Section }) {
  const { t } = useTranslation();
  const inbox = useInbox();
  if (section.counter !== 'unreadMessages' || !inbox?.unread) return null;
  return (
    <span className="nav-counter" data-testid="unread-badge">
      {inbox.unread}
      <span className="visually-hidden"> {t('messages.unreadSuffix')}</span>
    </span>
  );
}
