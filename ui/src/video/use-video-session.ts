import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/api-error';
import * as api from '../api/endpoints';
import type { VideoSession } from '../api/types';

/** How often the page reads the session again (waiting room, waiting list, the end). */
export const POLL_MS = 2000;

export type VideoSessionState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; session: VideoSession; pollFailing: boolean };

/**
 * The session, read every two seconds while the page is open. Unlike useApi, a failed poll
 * keeps the last answer on screen (a call must not vanish because one request failed); only the
 * first read's failure, or a 403/404 later, replaces the page.
 */
export function useVideoSession(sessionId: string): {
  state: VideoSessionState;
  /** Takes a fresher copy from an action's answer (join, admit, end). */
  replace(session: VideoSession): void;
  refresh(): void;
} {
  const [state, setState] = useState<VideoSessionState>({ status: 'loading' });
  const wake = useRef<() => void>(() => undefined);

  useEffect(() => {
    let stopped = false;
    let timer = 0;
    let controller: AbortController | null = null;

    async function read() {
      window.clearTimeout(timer);
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      try {
        const session = await api.getVideoSession(sessionId, mine.signal);
        if (!stopped && !mine.signal.aborted) {
          setState({ status: 'ready', session, pollFailing: false });
        }
      } catch (cause) {
        if (stopped || mine.signal.aborted) return;
        const error = cause instanceof ApiError ? cause : ApiError.network(cause);
        setState((before) =>
          before.status === 'ready' && error.status !== 403 && error.status !== 404
            ? { ...before, pollFailing: true }
            : { status: 'error', error },
        );
      }
      if (!stopped && !mine.signal.aborted) timer = window.setTimeout(() => void read(), POLL_MS);
    }

    wake.current = () => void read();
    void read();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      controller?.abort();
      wake.current = () => undefined;
    };
  }, [sessionId]);

  const replace = useCallback((session: VideoSession) => {
    setState({ status: 'ready', session, pollFailing: false });
  }, []);
  const refresh = useCallback(() => wake.current(), []);
  return { state, replace, refresh };
}
