import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Role } from '../api/types';
import { NotAuthorizedPage } from '../pages/not-authorized-page';
import { useSession } from '../session/session-context';
import { FullPageLoading } from '../components/full-page-loading';

/** Anything behind it needs a session; without one the visitor goes to /login (and comes back after). */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <FullPageLoading />;
  if (session.status === 'anonymous') {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return <>{children}</>;
}

/** A page for one role; any other role sees "Non autorizzato" in place of it. */
export function RequireRole({ role, children }: { role: Role; children: ReactNode }) {
  const { session } = useSession();
  if (session.status !== 'authenticated') return null;
  if (session.user.role !== role) return <NotAuthorizedPage />;
  return <>{children}</>;
}
