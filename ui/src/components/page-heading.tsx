import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

// A page opened by the person (sign-in, a nav link) moves focus to its heading; the first page
// of a fresh load leaves focus alone, so the skip link stays the first Tab stop.
let personActed = false;
for (const type of ['keydown', 'pointerdown'] as const) {
  document.addEventListener(type, () => (personActed = true), { capture: true, once: true });
}

/**
 * The page's single <h1>. It sets the document title and, when the person navigated here,
 * takes focus so screen-reader users hear where they landed.
 */
export function PageHeading({
  title,
  intro,
  actions,
}: {
  title: string;
  intro?: string;
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = t('app.documentTitle', { page: title });
  }, [t, title]);

  useEffect(() => {
    if (personActed) ref.current?.focus();
  }, []);

  return (
    <div className="page-heading">
      <div>
        <h1 ref={ref} tabIndex={-1}>
          {title}
        </h1>
        {intro && <p className="page-heading__intro">{intro}</p>}
      </div>
      {actions && <div className="page-heading__actions">{actions}</div>}
    </div>
  );
}
