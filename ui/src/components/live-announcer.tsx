import { useCallback, useEffect, useRef, useState } from 'react';

export type Politeness = 'polite' | 'assertive';

/**
 * Screen-reader announcements for things that happen without the person doing anything (a new
 * alert pushed by the server). The two regions exist from the first render, empty, so that
 * assistive technology is already watching them when text arrives; the same sentence twice is
 * announced twice.
 */
export function useAnnouncer() {
  const [texts, setTexts] = useState<Record<Politeness, string>>({ polite: '', assertive: '' });
  const timers = useRef<number[]>([]);

  useEffect(
    () => () => {
      for (const timer of timers.current) window.clearTimeout(timer);
    },
    [],
  );

  const announce = useCallback((text: string, politeness: Politeness = 'polite') => {
    setTexts((before) => ({ ...before, [politeness]: '' }));
    timers.current.push(
      window.setTimeout(() => setTexts((before) => ({ ...before, [politeness]: text })), 60),
    );
  }, []);

  const regions = (
    <>
      <div
        className="visually-hidden"
        aria-live="assertive"
        aria-atomic="true"
        data-testid="live-assertive"
      >
        {texts.assertive}
      </div>
      <div
        className="visually-hidden"
        aria-live="polite"
        aria-atomic="true"
        data-testid="live-polite"
      >
        {texts.polite}
      </div>
    </>
  );
  return { announce, regions };
}
