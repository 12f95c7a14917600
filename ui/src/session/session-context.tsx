import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { ApiError } from '../api/api-error';
import { onUnauthorized } from '../api/client';
import * as api from '../api/endpoints';
import type { User } from '../api/types';
import { setLanguage, storedLanguage } from '../i18n/i18n';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason: 'none' | 'expired' | 'logged-out' }
  | { status: 'authenticated'; user: User };

interface SessionContextValue {
  session: SessionState;
  login(username: string, password: string): Promise<User>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** Adopts the account's language unless the person picked one on this device. */
function applyAccountLanguage(user: User): void {
  if (storedLanguage() === null) void setLanguage(user.locale, false);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    api
      .currentUser(controller.signal)
      .then((user) => {
        applyAccountLanguage(user);
        setSession({ status: 'authenticated', user });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        // 401 is the normal "not signed in"; anything else also lands on the login page,
        // where signing in reports the actual problem.
        if (!(error instanceof ApiError) || error.status !== 401) console.warn(error);
        setSession({ status: 'anonymous', reason: 'none' });
      });
    return () => controller.abort();
  }, []);

  useEffect(() => {
    onUnauthorized(() => {
      setSession((current) =>
        current.status === 'authenticated' ? { status: 'anonymous', reason: 'expired' } : current,
      );
    });
    return () => onUnauthorized(null);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const user = await api.login(username, password);
    applyAccountLanguage(user);
    setSession({ status: 'authenticated', user });
    return user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      // Even if the server could not be reached, this browser forgets the person.
      setSession({ status: 'anonymous', reason: 'logged-out' });
    }
  }, []);

  const value = useMemo(() => ({ session, login, logout }), [session, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** For components rendered only behind the authentication guard. */
export function useUser(): User {
  const { session } = useSession();
  if (session.status !== 'authenticated') throw new Error('useUser needs an authenticated session');
  return session.user;
}
