import { useTranslation } from 'react-i18next';
import type { SourceProblem } from '../api/types';

/** `tracks.0.steps.2.schedule.rrule`: the dotted path the designer can follow in the text. */
export function dottedPath(path: string | readonly (string | number)[]): string {
  return typeof path === 'string' ? path : path.map(String).join('.');
}

/**
 * Problems in an editor's text. Each problem with a line is a button that takes the caret to
 * that line; the others (a missing top-level key, a JSON-only syntax rule) are plain items.
 */
export function ProblemList({
  problems,
  onReveal,
}: {
  problems: readonly SourceProblem[];
  onReveal: (line: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <ol className="problem-list">
      {problems.map((problem, index) => {
        const where =
          problem.line !== undefined
            ? t('workbench.position', { line: problem.line, column: problem.column ?? 1 })
            : t('workbench.noPosition');
        const path = dottedPath(problem.path);
        const body = (
          <>
            <span className="problem-list__where">{where}</span>
            {path && <code className="problem-list__path">{path}</code>}
            <span className="problem-list__message">{problem.message}</span>
          </>
        );
        const line = problem.line;
        return (
          <li key={`${index}:${path}:${problem.message}`}>
            {line !== undefined ? (
              <button
                type="button"
                className="problem-list__item problem-list__item--link"
                onClick={() => onReveal(line)}
              >
                {body}
                <span className="visually-hidden"> — {t('workbench.goToLine')}</span>
              </button>
            ) : (
              <div className="problem-list__item">{body}</div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
