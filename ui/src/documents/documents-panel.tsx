import type { TFunction } from 'i18next';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import * as api from '../api/endpoints';
import type { ClinicalDocument, Patient } from '../api/types';
import { AsyncView } from '../components/async-view';
import { ConfirmDialog } from '../components/confirm-dialog';
import { describeError } from '../components/error-message';
import { useAnnouncer } from '../components/live-announcer';
import { useApi } from '../components/use-api';
import { useLanguage } from '../components/use-language';
import { formatDateTime } from '../i18n/format';
import { useUser } from '../session/session-context';
import { DocumentEditor, type EditorTarget } from './document-editor';
import { documentSets, isInFlight, replacedVersion, type DocumentSet } from './document-format';
import { FseBadge } from './fse-badge';
import { TelemonitoringSummaryForm } from './telemonitoring-summary-form';

/** How often the list is read again while a publication or a withdrawal is under way. */
const POLL_MS = 4000;

const REASON_MIN = 5;
const REASON_MAX = 500;

/** The sentence for a failed action: the API's own detail when it explains (409), else ours. */
function actionProblem(error: unknown, t: TFunction): string {
  if (error instanceof ApiError && error.status === 409 && error.problem?.detail) {
    return error.problem.detail;
  }
  return describeError(error, t);
}

/**
 * A patient's clinical documents in the clinical record: each document's current version with
 * its FSE state and conformance, the versions it replaced greyed under it, links to the PDF
 * and the CDA. Doctors write new documents and new versions, and withdraw them from the FSE;
 * they also produce an enrolment's telemonitoring summary (a PDF assembled from the records).
 * The list is read again every few seconds while a publication or withdrawal is in flight.
 */
export function DocumentsPanel({ patient }: { patient: Patient }) {
  const { t } = useTranslation();
  const user = useUser();
  const isDoctor = user.role === 'doctor';
  const id = useId();
  const documents = useApi((signal) => api.patientDocuments(patient.id, signal), [patient.id]);
  const { reload } = documents;
  const all = documents.state.status === 'ready' ? documents.state.data : [];
  const polling = all.some(isInFlight);
  const { announce, regions } = useAnnouncer();

  const [editor, setEditor] = useState<EditorTarget | null>(null);
  const [summaryOpen, setSummaryOpen] = useState(false);
  /** A form is open above the list: the other actions wait until it closes. */
  const writing = editor !== null || summaryOpen;
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [withdrawing, setWithdrawing] = useState<ClinicalDocument | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  useEffect(() => {
    if (!polling) return undefined;
    const timer = window.setInterval(() => {
      if (!document.hidden) reload();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [polling, reload]);

  function rememberFocus() {
    returnFocus.current =
      document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setNotice(null);
    setActionError(null);
  }

  function openEditor(target: EditorTarget) {
    rememberFocus();
    setEditor(target);
  }

  function openSummary() {
    rememberFocus();
    setSummaryOpen(true);
  }

  function closeEditor() {
    setEditor(null);
    setSummaryOpen(false);
    // Back to the button that opened the editor, once it is on screen again.
    window.setTimeout(() => {
      if (returnFocus.current?.isConnected) returnFocus.current.focus();
    }, 0);
  }

  function signed(document: ClinicalDocument, created: boolean) {
    const text = t(created ? 'documents.panel.signed' : 'documents.panel.alreadySigned', {
      title: document.title,
      version: document.version,
    });
    setNotice(text);
    announce(text);
    closeEditor();
    reload();
  }

  function summarised(document: ClinicalDocument, created: boolean) {
    const text = t(created ? 'documents.summary.done' : 'documents.summary.alreadyDone', {
      title: document.title,
    });
    setNotice(text);
    announce(text);
    closeEditor();
    reload();
  }

  async function restart(document: ClinicalDocument) {
    setBusy(true);
    setActionError(null);
    try {
      await api.restartPublication(document.id);
      const text = t('documents.panel.restarted', { title: document.title });
      setNotice(text);
      announce(text);
      reload();
    } catch (error) {
      setActionError(actionProblem(error, t));
    } finally {
      setBusy(false);
    }
  }

  async function withdraw() {
    if (!withdrawing) return;
    const text = reason.trim();
    if (text.length < REASON_MIN || text.length > REASON_MAX) {
      setReasonError(t('documents.withdraw.reasonInvalid', { min: REASON_MIN, max: REASON_MAX }));
      return;
    }
    setBusy(true);
    setReasonError(null);
    try {
      await api.withdrawDocument(withdrawing.id, text);
      const done = t('documents.withdraw.done', { title: withdrawing.title });
      setNotice(done);
      announce(done);
      setWithdrawing(null);
      reload();
    } catch (error) {
      setReasonError(actionProblem(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section
      className="panel documents-panel"
      aria-labelledby={`${id}-title`}
      data-testid="documents-panel"
    >
      {regions}
      <div className="panel__head">
        <h2 id={`${id}-title`}>{t('documents.panel.title')}</h2>
        {isDoctor && !writing && (
          <div className="documents-panel__actions">
            <button
              type="button"
              className="button button--primary button--small"
              onClick={() => openEditor({ mode: 'new' })}
            >
              {t('documents.panel.new')}
            </button>
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={openSummary}
            >
              {t('documents.summary.open')}
            </button>
          </div>
        )}
      </div>
      {polling && (
        <p className="muted documents-panel__polling">
          <span className="spinner" aria-hidden="true" /> {t('documents.panel.polling')}
        </p>
      )}
      {notice && (
        <p className="alert alert--success" data-testid="documents-notice">
          {notice}
        </p>
      )}
      {actionError && (
        <p className="alert alert--error" role="alert">
          {actionError}
        </p>
      )}

      {editor && (
        <DocumentEditor
          key={editor.mode === 'version' ? editor.document.id : 'new'}
          patientId={patient.id}
          target={editor}
          onSigned={signed}
          onCancel={closeEditor}
        />
      )}
      {summaryOpen && (
        <TelemonitoringSummaryForm
          patientId={patient.id}
          onDone={summarised}
          onCancel={closeEditor}
        />
      )}

      <AsyncView resource={documents}>
        {(items) =>
          items.length === 0 ? (
            <p className="empty">{t('documents.panel.none')}</p>
          ) : (
            <ul className="document-list">
              {documentSets(items).map((set) => (
                <DocumentRow
                  key={set.head.id}
                  set={set}
                  all={items}
                  actions={
                    isDoctor && !writing
                      ? {
                          busy,
                          onNewVersion: (document) => openEditor({ mode: 'version', document }),
                          onWithdraw: (document) => {
                            setReason('');
                            setReasonError(null);
                            setWithdrawing(document);
                          },
                          onRestart: (document) => void restart(document),
                        }
                      : null
                  }
                />
              ))}
            </ul>
          )
        }
      </AsyncView>

      <ConfirmDialog
        open={withdrawing !== null}
        title={t('documents.withdraw.title', { title: withdrawing?.title ?? '' })}
        confirmLabel={t('documents.withdraw.confirm')}
        cancelLabel={t('documents.withdraw.cancel')}
        busy={busy}
        onConfirm={() => void withdraw()}
        onCancel={() => setWithdrawing(null)}
      >
        <p>{t('documents.withdraw.body')}</p>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('documents.withdraw.reason')}</label>
          <textarea
            id={`${id}-reason`}
            rows={3}
            maxLength={REASON_MAX}
            value={reason}
            aria-invalid={reasonError !== null || undefined}
            aria-describedby={`${id}-reason-hint${reasonError ? ` ${id}-reason-error` : ''}`}
            onChange={(event) => setReason(event.target.value)}
          />
          <p id={`${id}-reason-hint`} className="field__hint">
            {t('documents.withdraw.reasonHint', { min: REASON_MIN, max: REASON_MAX })}
          </p>
          {reasonError && (
            <p id={`${id}-reason-error`} className="field__error" role="alert">
              {reasonError}
            </p>
          )}
        </div>
      </ConfirmDialog>
    </section>
  );
}

interface RowActions {
  busy: boolean;
  onNewVersion(document: ClinicalDocument): void;
  onWithdraw(document: ClinicalDocument): void;
  onRestart(document: ClinicalDocument): void;
}

function DocumentRow({
  set,
  all,
  actions,
}: {
  set: DocumentSet;
  all: readonly ClinicalDocument[];
  actions: RowActions | null;
}) {
  const { t } = useTranslation();
  const { head, previous } = set;
  const fse = head.fse.status;
  const current = head.status === 'current';
  return (
    <li className="document-row" data-document={head.id} data-status={head.status}>
      <div className="document-row__body">
        <div className="document-row__main">
          <h3 className="document-row__title">{head.title}</h3>
          <DocumentMeta document={head} all={all} />
          <DocumentState document={head} />
        </div>
        <div className="document-row__actions">
          <DocumentLinks document={head} />
          {actions && current && (
            <>
              {/* PDF-only documents (the telemonitoring summary) are assembled from the
                  records: a new one is produced again, not corrected in the editor. */}
              {head.cdaUrl !== null && (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  disabled={actions.busy}
                  onClick={() => actions.onNewVersion(head)}
                >
                  {t('documents.panel.newVersion')}
                  <span className="visually-hidden">: {head.title}</span>
                </button>
              )}
              {fse === 'pending' && (
                <button
                  type="button"
                  className="button button--ghost button--small"
                  disabled={actions.busy}
                  onClick={() => actions.onRestart(head)}
                >
                  {t('documents.panel.restart')}
                  <span className="visually-hidden">: {head.title}</span>
                </button>
              )}
              {(fse === 'published' || fse === 'pending' || fse === 'rejected') && (
                <button
                  type="button"
                  className="button button--ghost button--small"
                  disabled={actions.busy}
                  onClick={() => actions.onWithdraw(head)}
                >
                  {t('documents.panel.withdraw')}
                  <span className="visually-hidden">: {head.title}</span>
                </button>
              )}
            </>
          )}
        </div>
      </div>
      {previous.length > 0 && (
        <ul
          className="document-row__previous"
          aria-label={t('documents.panel.previousVersions', { title: head.title })}
        >
          {previous.map((document) => (
            <li
              key={document.id}
              className="document-row__old"
              data-document={document.id}
              data-status={document.status}
            >
              <div className="document-row__main">
                <DocumentMeta document={document} all={all} />
                <DocumentState document={document} />
              </div>
              <div className="document-row__actions">
                <DocumentLinks document={document} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** "v2 — sostituisce v1 · 12 mar 2025, 10:30 · di dott.rossi". */
function DocumentMeta({
  document,
  all,
}: {
  document: ClinicalDocument;
  all: readonly ClinicalDocument[];
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const previous = replacedVersion(document, all);
  return (
    <p className="document-row__meta">
      <span className="document-row__version">
        {previous !== null
          ? t('documents.panel.versionReplaces', { version: document.version, previous })
          : t('documents.panel.version', { version: document.version })}
      </span>
      {' · '}
      <time dateTime={document.createdAt}>{formatDateTime(document.createdAt, language)}</time>
      {' · '}
      {t('documents.panel.by', { author: document.authorName ?? document.author })}
    </p>
  );
}

/** The FSE badge, the version's own state when it is not current, conformance and FSE detail. */
function DocumentState({ document }: { document: ClinicalDocument }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { fse, conformance } = document;
  return (
    <>
      <p className="document-row__state">
        <FseBadge status={fse.status} detail={fse.detail} />
        {document.status !== 'current' && (
          <span className="badge badge--withdrawn">{t(`documents.status.${document.status}`)}</span>
        )}
        {conformance && (
          <span className="muted document-row__conformance">
            {t('documents.panel.assertions', { count: conformance.assertionsChecked })}
            {conformance.warnings.length > 0 &&
              ` · ${t('documents.panel.warnings', { count: conformance.warnings.length })}`}
          </span>
        )}
      </p>
      {(fse.detail || fse.traceId) && (
        <details className="document-row__fse">
          <summary>{t('documents.panel.fseDetails')}</summary>
          <dl className="document-row__fse-facts">
            {fse.detail && (
              <>
                <dt>{t('documents.panel.fseDetail')}</dt>
                <dd>{fse.detail}</dd>
              </>
            )}
            {fse.traceId && (
              <>
                <dt>{t('documents.panel.fseTrace')}</dt>
                <dd>
                  <code>{fse.traceId}</code>
                </dd>
              </>
            )}
            {fse.updatedAt && (
              <>
                <dt>{t('documents.panel.fseUpdated')}</dt>
                <dd>
                  <time dateTime={fse.updatedAt}>{formatDateTime(fse.updatedAt, language)}</time>
                </dd>
              </>
            )}
          </dl>
        </details>
      )}
    </>
  );
}

function DocumentLinks({ document }: { document: ClinicalDocument }) {
  const { t } = useTranslation();
  const name = t('documents.panel.documentName', {
    title: document.title,
    version: document.version,
  });
  return (
    <>
      <a
        className="button button--secondary button--small"
        href={document.pdfUrl}
        target="_blank"
        rel="noopener"
      >
        {t('documents.panel.openPdf')}
        <span className="visually-hidden">
          : {name} ({t('documents.panel.newTab')})
        </span>
      </a>
      {document.cdaUrl && (
        <a
          className="button button--ghost button--small"
          href={document.cdaUrl}
          target="_blank"
          rel="noopener"
        >
          {t('documents.panel.openCda')}
          <span className="visually-hidden">
            : {name} ({t('documents.panel.newTab')})
          </span>
        </a>
      )}
    </>
  );
}
