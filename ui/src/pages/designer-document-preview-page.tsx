import type { TFunction } from 'i18next';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/api-error';
import * as api from '../api/endpoints';
import type { DocumentPreview, DocumentTypeInfo, SourceProblem } from '../api/types';
import { AsyncView } from '../components/async-view';
import { ErrorMessage } from '../components/error-message';
import { PageHeading } from '../components/page-heading';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { CodeEditor, revealLine } from '../designer/code-editor';
import { ProblemList } from '../designer/problem-list';
import { locate, parseText } from '../designer/source-text';
import { ConformanceReport } from '../documents/conformance-report';
import { base64Blob, formatBytes, sampleSummary } from '../documents/document-format';
import { designerDocumentsPath } from '../documents/document-routes';
import { useObjectUrl } from '../documents/use-object-url';
import { formatNumber } from '../i18n/format';

type Preview =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: DocumentPreview; text: string }
  | { status: 'invalid'; problems: SourceProblem[] }
  | { status: 'failed'; error: unknown };

const toText = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * `/designer/documenti/:type`: a document type rendered from one of its samples, or from the
 * sample as the designer edits it: the PDF inline, the CDA's conformance to the FSE rules and
 * the CDA itself. Nothing is stored.
 */
export function DesignerDocumentPreviewPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { type = '' } = useParams();
  const types = useApi((signal) => api.listDocumentTypes(signal), []);
  const samples = useApi((signal) => api.documentTypeSamples(type, signal), [type]);
  const info =
    types.state.status === 'ready'
      ? types.state.data.find((item) => item.type === type)
      : undefined;
  const title = info ? localized(info.title, language) : type;

  return (
    <>
      <Link to={designerDocumentsPath} className="back-link back-link--always">
        ← {t('documents.preview.back')}
      </Link>
      <PageHeading
        title={t('documents.preview.title', { title })}
        intro={t('documents.preview.intro')}
      />
      {info && <TemplateFacts info={info} />}
      <AsyncView resource={samples}>
        {(items) =>
          items.length === 0 ? (
            <p className="empty">{t('documents.preview.noSamples')}</p>
          ) : (
            <PreviewWorkbench key={type} type={type} samples={items} />
          )
        }
      </AsyncView>
    </>
  );
}

function TemplateFacts({ info }: { info: DocumentTypeInfo }) {
  const { t } = useTranslation();
  return (
    <dl className="facts facts--row document-template">
      {info.cda ? (
        <>
          <div>
            <dt>{t('documents.designer.templateId')}</dt>
            <dd>
              <code>{info.cda.templateId}</code>
            </dd>
          </div>
          <div>
            <dt>{t('documents.designer.loinc')}</dt>
            <dd>
              <code>{info.cda.loinc}</code>
            </dd>
          </div>
          <div>
            <dt>{t('documents.designer.schematron')}</dt>
            <dd>
              <code>{info.cda.schematron}</code>
            </dd>
          </div>
        </>
      ) : (
        <div>
          <dt>{t('documents.designer.format')}</dt>
          <dd>{t('documents.designer.pdfOnly')}</dd>
        </div>
      )}
    </dl>
  );
}

function sampleOption(sample: unknown, index: number, t: TFunction) {
  const { patient, hint } = sampleSummary(sample);
  const parts = [t('documents.preview.sample', { n: index + 1 }), patient, hint].filter(Boolean);
  return parts.join(' — ');
}

function PreviewWorkbench({ type, samples }: { type: string; samples: unknown[] }) {
  const { t } = useTranslation();
  const ids = { editor: useId(), results: useId(), sample: useId(), outcome: useId() };
  const editorRef = useRef<HTMLTextAreaElement>(null);
  const resultsRef = useRef<HTMLHeadingElement>(null);
  const [sampleIndex, setSampleIndex] = useState(0);
  const [loadedText, setLoadedText] = useState(() => toText(samples[0]));
  const [text, setText] = useState(loadedText);
  const [preview, setPreview] = useState<Preview>({ status: 'idle' });

  useEffect(() => {
    if (preview.status === 'done') resultsRef.current?.focus();
  }, [preview.status]);

  function chooseSample(index: number) {
    if (text !== loadedText && !window.confirm(t('documents.preview.replaceConfirm'))) return;
    const next = toText(samples[index]);
    setSampleIndex(index);
    setLoadedText(next);
    setText(next);
    setPreview({ status: 'idle' });
  }

  async function generate() {
    const parsed = parseText(text);
    if (!parsed.ok) {
      setPreview({
        status: 'invalid',
        problems: [
          {
            path: [],
            message: parsed.message,
            ...(parsed.line !== undefined ? { line: parsed.line, column: parsed.column ?? 1 } : {}),
          },
        ],
      });
      return;
    }
    setPreview({ status: 'running' });
    try {
      const result = await api.previewDocument(type, parsed.value);
      setPreview({ status: 'done', result, text });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.fieldErrors.length > 0) {
        setPreview({ status: 'invalid', problems: dataProblems(error, text) });
      } else {
        setPreview({ status: 'failed', error });
      }
    }
  }

  const reveal = (line: number) => {
    if (editorRef.current) revealLine(editorRef.current, line);
  };
  const stale = preview.status === 'done' && preview.text !== text;

  return (
    <div className="workbench document-preview">
      <section className="panel workbench__panel" aria-labelledby={ids.editor}>
        <h2 id={ids.editor}>{t('documents.preview.dataTitle')}</h2>
        <div className="field">
          <label htmlFor={ids.sample}>{t('documents.preview.sampleLabel')}</label>
          <select
            id={ids.sample}
            value={sampleIndex}
            onChange={(event) => chooseSample(Number(event.target.value))}
          >
            {samples.map((sample, index) => (
              <option key={index} value={index}>
                {sampleOption(sample, index, t)}
              </option>
            ))}
          </select>
        </div>
        <CodeEditor
          label={t('documents.preview.jsonLabel')}
          hint={t('documents.preview.jsonHint')}
          value={text}
          onChange={setText}
          textareaRef={editorRef}
          errorsId={ids.outcome}
          invalid={preview.status === 'invalid'}
          rows={28}
        />
        <div className="workbench__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => void generate()}
            disabled={preview.status === 'running'}
          >
            {preview.status === 'running'
              ? t('documents.preview.generating')
              : t('documents.preview.generate')}
          </button>
          {text !== loadedText && (
            <>
              <span className="muted workbench__edited">{t('documents.preview.edited')}</span>
              <button
                type="button"
                className="button button--ghost button--small"
                onClick={() => {
                  setText(loadedText);
                  setPreview({ status: 'idle' });
                }}
              >
                {t('documents.preview.restore')}
              </button>
            </>
          )}
        </div>
        <div id={ids.outcome} className="workbench__outcome" aria-live="polite">
          {preview.status === 'invalid' && (
            <div className="alert alert--error" data-testid="preview-invalid">
              <p className="alert__title">
                {t('documents.preview.invalid', { count: preview.problems.length })}
              </p>
              <p className="workbench__tip">{t('workbench.invalidTip')}</p>
              <ProblemList problems={preview.problems} onReveal={reveal} />
            </div>
          )}
        </div>
      </section>

      {/* Focusable: on a desktop it scrolls on its own, and arrow keys must reach it. */}
      <section
        className="panel workbench__results document-preview__results"
        aria-labelledby={ids.results}
        tabIndex={0}
        data-testid="document-preview"
      >
        <h2 id={ids.results} ref={resultsRef} tabIndex={-1}>
          {t('documents.preview.resultsTitle')}
        </h2>
        <div aria-live="polite">
          {preview.status === 'running' && (
            <p className="loading">
              <span className="spinner" aria-hidden="true" />
              {t('documents.preview.generating')}
            </p>
          )}
          {preview.status === 'failed' && <ErrorMessage error={preview.error} />}
        </div>
        {preview.status === 'idle' && <p className="empty">{t('documents.preview.empty')}</p>}
        {preview.status === 'invalid' && (
          <p className="empty">{t('documents.preview.notRendered')}</p>
        )}
        {preview.status === 'done' && (
          <PreviewResult type={type} result={preview.result} stale={stale} />
        )}
      </section>
    </div>
  );
}

/** A 400 on the preview: each field's place in the text (its path under `data`). */
function dataProblems(error: ApiError, text: string): SourceProblem[] {
  return error.fieldErrors.map((field) => {
    const path = field.path
      .replace(/^body\./, '')
      .replace(/^data\.?/, '')
      .split('.')
      .filter(Boolean)
      .map((key) => (/^\d+$/.test(key) ? Number(key) : key));
    const where = locate(text, path);
    return { path, message: field.message, ...(where ?? {}) };
  });
}

function PreviewResult({
  type,
  result,
  stale,
}: {
  type: string;
  result: DocumentPreview;
  stale: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const ids = { pdf: useId(), cda: useId() };
  const pdf = useMemo(() => base64Blob(result.pdfBase64, 'application/pdf'), [result.pdfBase64]);
  const cda = useMemo(
    () => (result.cdaXml ? new Blob([result.cdaXml], { type: 'application/xml' }) : null),
    [result.cdaXml],
  );
  const pdfUrl = useObjectUrl(pdf);
  const cdaUrl = useObjectUrl(cda);

  return (
    <div className="document-preview__result">
      <p className="document-preview__summary" role="status">
        {t('documents.preview.rendered', {
          title: result.title,
          ms: formatNumber(result.renderMs, language),
          size: formatBytes(result.pdfBytes, language),
        })}
      </p>
      {stale && <p className="workbench__stale">{t('documents.preview.stale')}</p>}

      <ConformanceReport conformance={result.conformance} />

      <section className="document-preview__block" aria-labelledby={ids.pdf}>
        <div className="document-preview__head">
          <h3 id={ids.pdf}>{t('documents.preview.pdfTitle')}</h3>
          {pdfUrl && (
            <a
              className="button button--secondary button--small"
              href={pdfUrl}
              download={`${type}-anteprima.pdf`}
            >
              {t('documents.preview.downloadPdf')}
            </a>
          )}
        </div>
        {pdfUrl && (
          <iframe
            className="pdf-frame"
            src={pdfUrl}
            title={t('documents.preview.pdfFrame', { title: result.title })}
          />
        )}
      </section>

      {result.cdaXml && (
        <section className="document-preview__block" aria-labelledby={ids.cda}>
          <div className="document-preview__head">
            <h3 id={ids.cda}>{t('documents.preview.cdaTitle')}</h3>
            {cdaUrl && (
              <a
                className="button button--secondary button--small"
                href={cdaUrl}
                download={`${type}-anteprima.xml`}
              >
                {t('documents.preview.downloadCda')}
              </a>
            )}
          </div>
          {/* Focusable so the long XML scrolls from the keyboard too. */}
          <pre className="cda-viewer" tabIndex={0} role="region" aria-labelledby={ids.cda}>
            <code>{result.cdaXml}</code>
          </pre>
        </section>
      )}
    </div>
  );
}
