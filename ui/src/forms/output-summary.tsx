import { useTranslation } from 'react-i18next';
import type { FormDefinition } from '../api/types';
import { localized, useLanguage } from '../components/use-language';
import { formatNumber } from '../i18n/format';
import { humanise } from '../i18n/i18n';
import { choicesOf, walkComponents } from './form-schema';

/** The label of a choice (radio, select) for a stored value, when the form has one. */
function choiceLabel(definition: FormDefinition | null, key: string, value: string): string | null {
  if (!definition) return null;
  const found = walkComponents(definition.schema.components).find(
    ({ component }) => component.key === key,
  )?.component;
  if (!found) return null;
  return choicesOf(found).find((choice) => choice.value === value)?.label || null;
}

/**
 * The outputs of a submission (scores and key answers), e.g. "Dolore (0–10): 8 punti", with the
 * titles and units of the form version that computed them.
 */
export function OutputSummary({
  outputs,
  definition,
}: {
  outputs: Record<string, number | string | boolean>;
  definition: FormDefinition | null;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const entries = Object.entries(outputs);
  if (entries.length === 0) return null;
  return (
    <dl className="output-summary">
      {entries.map(([key, value]) => {
        const output = definition?.outputs[key];
        const title = output ? localized(output.title, language) : humanise(key);
        let text: string;
        if (typeof value === 'boolean') text = value ? t('forms.yes') : t('forms.no');
        else if (typeof value === 'number') text = formatNumber(value, language);
        else text = choiceLabel(definition, key, value) ?? value;
        return (
          <div key={key} className="output-summary__item" data-output={key}>
            <dt>{title}</dt>
            <dd>
              {text}
              {output?.unit && typeof value === 'number' && (
                <span className="output-summary__unit"> {output.unit}</span>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
