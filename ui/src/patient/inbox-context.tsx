import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { ApiError } from '../api/api-error';
import * as api from '../api/endpoints';
import type { Inbox, Message } from '../api/types';
import type { AsyncState } from '../components/use-api';
import { useRealtimeEvent } from '../realtime/realtime-context';

interface InboxContextValue {
  state: AsyncState<Inbox>;
  /** Null until the inbox is read. */
  unread: number | null;
  markRead(id: string): Promise<void>;
  reload(): void;
  /** Called for each message that arrives while the app is open. */
  onArrival(listener: (message: Message) => void): () => void;
}

const InboxContext = createContext<InboxContextValue | null>(null);

function insert(inbox: Inbox, message: Message): Inbox {
  const before = inbox.items.find((m) => m.id === message.id);
  const items = [message, ...inbox.items.filter((m) => m.id !== message.id)].sort((a, b) =>
    b.createdAt.localeCompare(a.createdAt),
  );
  const unreadDelta =
    (message.readAt === null ? 1 : 0) - (before && before.readAt === null ? 1 : 0);
  return { items, unread: Math.max(0, inbox.unread + unreadDelta) };
}

/**
 * The patient's messages, shared by the navigation (its unread count) and the messages page;
 * kept current by `message.created` and read afresh after a reconnection.
 */
export function InboxProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AsyncState<Inbox>>({ status: 'loading' });
  const listeners = useRef(new Set<(message: Message) => void>());
  // Messages pushed while the inbox is being read: applied on top of what the read returns.
  const pending = useRef<Message[] | null>(null);
  const controller = useRef<AbortController | null>(null);

  const reload = useCallback(() => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    pending.current = [];
    api.myMessages(current.signal).then(
      (inbox) => {
        if (current.signal.aborted) return;
        const data = (pending.current ?? []).reduce(insert, inbox);
        pending.current = null;
        setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (current.signal.aborted) return;
        pending.current = null;
        setState((before) =>
          before.status === 'ready'
            ? before
            : {
                status: 'error',
                error: error instanceof ApiError ? error : ApiError.network(error),
              },
        );
      },
    );
  }, []);

  useEffect(() => {
    reload();
    return () => controller.current?.abort();
  }, [reload]);

  useRealtimeEvent('message.created', (message) => {
    pending.current?.push(message);
    setState((before) =>
      before.status === 'ready' ? { status: 'ready', data: insert(before.data, message) } : before,
    );
    for (const listener of listeners.current) listener(message);
  });
  useRealtimeEvent('resync', reload);

  const markRead = useCallback(async (id: string) => {
    const message = await api.markMyMessageRead(id);
    setState((before) =>
      before.status === 'ready' ? { status: 'ready', data: insert(before.data, message) } : before,
    );
  }, []);

  const onArrival = useCallback((listener: (message: Message) => void) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const value = useMemo<InboxContextValue>(
    () => ({
      state,
      unread: state.status === 'ready' ? state.data.unread : null,
      markRead,
      reload,
      onArrival,
    }),
    [state, markRead, reload, onArrival],
  );
  return <InboxContext.Provider value={value}>{children}</InboxContext.Provider>;
}

/** The patient's inbox; null outside the patient portal. */
export function useInbox(): InboxContextValue | null {
  return useContext(InboxContext);
}
