import { useTranslation } from 'react-i18next';
import type { PreviewConformance, SchematronFinding } from '../api/types';
import { splitRule } from './document-format';

/** One schematron finding: rule id, message, where it fired and (on request) its test. */
function Finding({ finding }: { finding: SchematronFinding }) {
  const { t } = useTranslation();
  const split = splitRule(finding.message);
  const rule = finding.id || split.rule;
  return (
    <li className="rule-list__item">
      <p className="rule-list__head">
        {rule && <code className="rule-list__rule">{rule}</code>}
        <span className="rule-list__message">{split.text}</span>
      </p>
      {finding.location && (
        <p className="rule-list__where">
          {t('documents.conformance.location')}: <code>{finding.location}</code>
        </p>
      )}
      {finding.test && (
        <details className="rule-list__test">
          <summary>{t('documents.conformance.test')}</summary>
          <code>{finding.test}</code>
        </details>
      )}
    </li>
  );
}

/**
 * The conformance of a previewed CDA: green when the XSD and the schematron accept it (with
 * the number of assertions checked), else every XSD problem and failed rule; warnings below.
 */
export function ConformanceReport({ conformance }: { conformance: PreviewConformance | null }) {
  const { t } = useTranslation();
  if (!conformance) {
    return (
      <p className="alert alert--info" data-testid="conformance">
        {t('documents.conformance.pdfOnly')}
      </p>
    );
  }
  const schematron = conformance.schematron ?? t('app.none');
  const failures = conformance.xsd.length + conformance.errors.length;
  return (
    <div className="conformance" data-testid="conformance">
      {conformance.valid ? (
        <p className="alert alert--success" data-valid="true">
          {t('documents.conformance.valid', {
            schematron,
            count: conformance.assertionsChecked,
          })}
        </p>
      ) : (
        <div className="alert alert--error" data-valid="false">
          <p className="alert__title">
            {t('documents.conformance.invalid', { count: failures, schematron })}
          </p>
          <p>{t('documents.conformance.checked', { count: conformance.assertionsChecked })}</p>
        </div>
      )}
      {conformance.xsd.length > 0 && (
        <>
          <h3 className="conformance__title">
            {t('documents.conformance.xsdTitle', { count: conformance.xsd.length })}
          </h3>
          <ol className="rule-list rule-list--error">
            {conformance.xsd.map((problem, index) => (
              <li key={`${index}:${problem.message}`} className="rule-list__item">
                <p className="rule-list__head">
                  <code className="rule-list__rule">
                    {problem.line !== null
                      ? t('documents.conformance.line', { line: problem.line })
                      : 'XSD'}
                  </code>
                  <span className="rule-list__message">{problem.message}</span>
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
      {conformance.errors.length > 0 && (
        <>
          <h3 className="conformance__title">
            {t('documents.conformance.errorsTitle', { count: conformance.errors.length })}
          </h3>
          <ol className="rule-list rule-list--error">
            {conformance.errors.map((finding, index) => (
              <Finding key={`${index}:${finding.id}`} finding={finding} />
            ))}
          </ol>
        </>
      )}
      {conformance.warnings.length > 0 && (
        <details className="conformance__warnings">
          <summary>
            {t('documents.conformance.warningsTitle', { count: conformance.warnings.length })}
          </summary>
          <ol className="rule-list rule-list--warning">
            {conformance.warnings.map((finding, index) => (
              <Finding key={`${index}:${finding.id}`} finding={finding} />
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}

/**
 * The FSE rules a document failed when a doctor signed it (422 `document-not-conformant`):
 * the API sends each as `{ path: <XPath or "cda:line">, message: "ERRORE-12| …" }`.
 */
export function RefusedRules({ rules }: { rules: readonly { path: string; message: string }[] }) {
  const { t } = useTranslation();
  return (
    <ol className="rule-list rule-list--error">
      {rules.map((rule, index) => {
        const split = splitRule(rule.message);
        return (
          <li key={`${index}:${rule.message}`} className="rule-list__item">
            <p className="rule-list__head">
              {split.rule && <code className="rule-list__rule">{split.rule}</code>}
              <span className="rule-list__message">{split.text}</span>
            </p>
            {rule.path && (
              <p className="rule-list__where">
                {t('documents.conformance.location')}: <code>{rule.path}</code>
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
