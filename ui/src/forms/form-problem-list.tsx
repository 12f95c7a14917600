import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../api/api-error';
import type { FormDefinition, FormioComponentJson } from '../api/types';
import { componentName, problemTarget } from './form-schema';

interface FormProblemListProps {
  problems: readonly FieldProblem[];
  definition: FormDefinition;
  /** Opens the component in the builder; false when it is no longer there. */
  onRevealComponent: (component: FormioComponentJson) => boolean;
  onRevealOutput: (key: string) => void;
  onRevealField: (field: 'title' | 'description') => void;
}

/**
 * The problems the server found in a saved definition, each with where it is: a component of
 * the builder (a button that opens its settings), an output, or a title. The raw path stays
 * visible for the designer who reads the JSON.
 */
export function FormProblemList({
  problems,
  definition,
  onRevealComponent,
  onRevealOutput,
  onRevealField,
}: FormProblemListProps) {
  const { t } = useTranslation();
  return (
    <ol className="problem-list">
      {problems.map((problem, index) => {
        const target = problemTarget(problem.path, definition);
        let where: string;
        let reveal: (() => void) | null = null;
        switch (target.kind) {
          case 'component':
            where = target.property
              ? t('forms.problems.componentProperty', {
                  name: componentName(target.component),
                  property: target.property,
                })
              : t('forms.problems.component', { name: componentName(target.component) });
            reveal = () => onRevealComponent(target.component);
            break;
          case 'output':
            where = t('forms.problems.output', { key: target.key });
            reveal = () => onRevealOutput(target.key);
            break;
          case 'field':
            where = t(`forms.problems.${target.field}`);
            reveal = () => onRevealField(target.field);
            break;
          case 'none':
            where = t('forms.problems.form');
            break;
        }
        const body = (
          <>
            <span className="problem-list__where">{where}</span>
            <code className="problem-list__path">{problem.path}</code>
            <span className="problem-list__message">{problem.message}</span>
          </>
        );
        return (
          <li key={`${index}:${problem.path}`}>
            {reveal ? (
              <button
                type="button"
                className="problem-list__item problem-list__item--link"
                onClick={reveal}
              >
                {body}
                <span className="visually-hidden"> — {t('forms.problems.reveal')}</span>
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
