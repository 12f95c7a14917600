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
import type { Alert, EnrolmentUpdated, Message, WorkItem } from '../api/types';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** What the server pushes (api/realtime.ts `ServerToClientEvents`), plus `resync`. */
export interface RealtimeEvents {
  'enrolment.updated': EnrolmentUpdated;
  'alert.changed': Alert;
  'workitem.changed': WorkItem;
  'message.created': Message;
  /**
   * The socket joined its rooms (first connection or after a reconnect), or the server says
   * events may have been lost: lists kept up to date by events must be read afresh.
   */
  resync: undefined;
}

export type RealtimeEventName = keyof RealtimeEvents;
type AnyListener = (payload: never) => void;

interface RealtimeContextValue {
  status: ConnectionStatus;
  subscribe<K extends RealtimeEventName>(
    event: K,
    listener: (payload: RealtimeEvents[K]) => void,
  ): () => void;
}

const RealtimeContext = createContext<RealtimeContextValue | null>(null);

const pushed = [
  'enrolment.updated',
  'alert.changed',
  'workitem.changed',
  'message.created',
] as const;

/**
 * One socket.io connection per signed-in session, to the page's own origin; the session cookie
 * authenticates it. Mounted only behind the login guard, so it connects after login and
 * disconnects on logout.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const listeners = useRef(new Map<RealtimeEventName, Set<AnyListener>>());

  useEffect(() => {
    const emit = (event: RealtimeEventName, payload: unknown) => {
      for (const listener of listeners.current.get(event) ?? []) {
        (listener as (value: unknown) => void)(payload);
      }
    };
    const socket = io({ path: '/socket.io', withCredentials: true });
    socket.on('connect', () => setStatus('connected'));
    socket.on('disconnect', () => setStatus('disconnected'));
    socket.on('connect_error', () => setStatus('disconnected'));
    socket.io.on('reconnect_attempt', () => setStatus('connecting'));
    // `ready` comes once the server has put the socket in its rooms: from then on no event is
    // missed, so whatever was loaded before (or while disconnected) is read again.
    socket.on('ready', () => emit('resync', undefined));
    socket.on('realtime.resync', () => emit('resync', undefined));
    for (const event of pushed) {
      socket.on(event, (payload: unknown) => emit(event, payload));
    }
    return () => {
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
    };
  }, []);

  const subscribe = useCallback(
    <K extends RealtimeEventName>(event: K, listener: (payload: RealtimeEvents[K]) => void) => {
      let set = listeners.current.get(event);
      if (!set) {
        set = new Set();
        listeners.current.set(event, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    [],
  );

  const value = useMemo<RealtimeContextValue>(() => ({ status, subscribe }), [status, subscribe]);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export function useConnectionStatus(): ConnectionStatus {
  return useContext(RealtimeContext)?.status ?? 'disconnected';
}

/** Calls `listener` for every `event` pushed by the server while mounted (latest closure). */
export function useRealtimeEvent<K extends RealtimeEventName>(
  event: K,
  listener: (payload: RealtimeEvents[K]) => void,
): void {
  const context = useContext(RealtimeContext);
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  const subscribe = context?.subscribe;
  useEffect(() => {
    if (!subscribe) return undefined;
    return subscribe(event, (payload) => latest.current(payload));
  }, [subscribe, event]);
}

/** Calls `listener` for every `enrolment.updated` pushed by the server while mounted. */
export function useEnrolmentUpdates(listener: (event: EnrolmentUpdated) => void): void {
  useRealtimeEvent('enrolment.updated', listener);
}
