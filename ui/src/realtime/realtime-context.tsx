import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ReactNode } from 'react';
import { io } from 'socket.io-client';
import type { EnrolmentUpdated } from '../api/types';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';
type Listener = (event: EnrolmentUpdated) => void;

interface RealtimeContextValue {
  status: ConnectionStatus;
  subscribe(listener: Listener): () => void;
}

const RealtimeContext = createContext<RealtimeContextValue | null>(null);

/**
 * One socket.io connection per signed-in session, to the page's own origin; the session cookie
 * authenticates it. Mounted only behind the login guard, so it connects after login and
 * disconnects on logout.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const listeners = useRef(new Set<Listener>());

  useEffect(() => {
    const socket = io({ path: '/socket.io', withCredentials: true });
    socket.on('connect', () => setStatus('connected'));
    socket.on('disconnect', () => setStatus('disconnected'));
    socket.on('connect_error', () => setStatus('disconnected'));
    socket.io.on('reconnect_attempt', () => setStatus('connecting'));
    socket.on('enrolment.updated', (event: EnrolmentUpdated) => {
      for (const listener of listeners.current) listener(event);
    });
    return () => {
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
    };
  }, []);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const value = useMemo<RealtimeContextValue>(() => ({ status, subscribe }), [status, subscribe]);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export function useConnectionStatus(): ConnectionStatus {
  return useContext(RealtimeContext)?.status ?? 'disconnected';
}

/** Calls `listener` for every `enrolment.updated` pushed by the server while mounted. */
export function useEnrolmentUpdates(listener: Listener): void {
  const context = useContext(RealtimeContext);
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  const subscribe = context?.subscribe;
  useEffect(() => {
    if (!subscribe) return undefined;
    return subscribe((event) => latest.current(event));
  }, [subscribe]);
}
