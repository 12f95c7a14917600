import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface SidePanelProps {
  /** Extra class beside `side-panel`. */
  className?: string;
  testId: string;
  kicker: ReactNode;
  title: ReactNode;
  /** A line under the title (the patient, a breakdown line). */
  subtitle?: string | null;
  closeLabel?: string;
  onClose(): void;
  children: ReactNode;
}

/**
 * A side panel as a modal <dialog>: focus stays inside while it is open, Esc closes it, and
 * focus goes back to whatever opened it (the row's or the figure's button) when it closes.
 */
export function SidePanel({
  className,
  testId,
  kicker,
  title,
  subtitle,
  closeLabel,
  onClose,
  children,
}: SidePanelProps) {
  const { t } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => opener?.focus();
  }, []);

  return (
    <dialog
      ref={ref}
      className={className ? `side-panel ${className}` : 'side-panel'}
      aria-labelledby={`${id}-title`}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="side-panel__head">
        <div>
          <p className="side-panel__kicker">{kicker}</p>
          <h2 id={`${id}-title`} className="side-panel__title">
            {title}
          </h2>
          {subtitle && <p className="side-panel__patient">{subtitle}</p>}
        </div>
        <button type="button" className="button button--ghost button--small" onClick={onClose}>
          {closeLabel ?? t('app.close')}
        </button>
      </div>
      {children}
    </dialog>
  );
}
