import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { countLines, lineRange, positionAt } from './source-text';

interface CodeEditorProps {
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  /** Marks the field invalid (after a failed validation) and names the error list. */
  errorsId?: string;
  invalid?: boolean;
  rows?: number;
}

/**
 * A plain monospace textarea with line numbers beside it and the caret's line and column
 * below: the numbers the validator reports. Lines do not wrap, so the gutter stays aligned;
 * Tab keeps its usual meaning (leave the field), as in every other form of the app.
 */
export function CodeEditor({
  label,
  hint,
  value,
  onChange,
  textareaRef,
  errorsId,
  invalid = false,
  rows = 24,
}: CodeEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const gutterRef = useRef<HTMLDivElement>(null);
  const [caret, setCaret] = useState({ line: 1, column: 1 });
  // The caret is only news while the designer is in the field (a loaded text leaves it at the end).
  const [focused, setFocused] = useState(false);
  const lines = countLines(value);
  const describedBy = [hint ? `${id}-hint` : null, invalid && errorsId ? errorsId : null]
    .filter(Boolean)
    .join(' ');

  // Also follows selections made by code (revealLine): those fire no React event.
  useEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea) return undefined;
    const track = () => setCaret(positionAt(textarea.value, textarea.selectionStart));
    textarea.addEventListener('select', track);
    textarea.addEventListener('selectionchange', track);
    return () => {
      textarea.removeEventListener('select', track);
      textarea.removeEventListener('selectionchange', track);
    };
  }, [textareaRef]);

  function syncGutter() {
    const textarea = textareaRef.current;
    if (gutterRef.current && textarea) gutterRef.current.scrollTop = textarea.scrollTop;
  }

  function trackCaret() {
    const textarea = textareaRef.current;
    if (textarea) setCaret(positionAt(textarea.value, textarea.selectionStart));
  }

  return (
    <div className="field code-editor">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      <div className={`code-editor__frame${invalid ? ' code-editor__frame--invalid' : ''}`}>
        <div ref={gutterRef} className="code-editor__gutter" aria-hidden="true">
          {Array.from({ length: lines }, (_, index) => index + 1).join('\n')}
        </div>
        <textarea
          id={id}
          ref={textareaRef}
          className="code-editor__input"
          value={value}
          rows={rows}
          wrap="off"
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          autoCorrect="off"
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy || undefined}
          onChange={(event) => onChange(event.target.value)}
          onScroll={syncGutter}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onSelect={trackCaret}
        />
      </div>
      <p className="code-editor__status" data-testid="caret">
        {focused && (
          <>
            {t('workbench.caret', { line: caret.line, column: caret.column })}
            <span aria-hidden="true"> · </span>
          </>
        )}
        {t('workbench.lines', { count: lines })}
      </p>
    </div>
  );
}

/** Moves the caret to `line` (1-based), selects the whole line, scrolls it into view and focuses. */
export function revealLine(textarea: HTMLTextAreaElement, line: number): void {
  const { start, end } = lineRange(textarea.value, line);
  textarea.focus();
  textarea.setSelectionRange(start, end);
  textarea.dispatchEvent(new Event('select'));
  const lineHeight = Number.parseFloat(getComputedStyle(textarea).lineHeight) || 20;
  textarea.scrollTop = Math.max(0, (line - 1) * lineHeight - textarea.clientHeight / 3);
}
