import { useEffect, type RefObject } from 'react';

/**
 * A view that replaces the one holding focus (the "Entra" button gives way to the waiting room,
 * the waiting room to the call) takes focus on its heading, so keyboard and screen-reader users
 * are not left on the page's body. Focus that is still somewhere is left where it is.
 */
export function useRescueFocus(ref: RefObject<HTMLElement | null> | null): void {
  useEffect(() => {
    if (!ref) return;
    const active = document.activeElement;
    if (active === null || active === document.body) ref.current?.focus();
  }, [ref]);
}
