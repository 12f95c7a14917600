import { useTranslation } from 'react-i18next';
import * as api from '../api/endpoints';
import type { ClinicalDocument } from '../api/types';
import { AsyncView } from '../components/async-view';
import { PageHeading } from '../components/page-heading';
import { useApi } from '../components/use-api';
import { useLanguage } from '../components/use-language';
import { documentSets, type DocumentSet } from '../documents/document-format';
import { formatDateTime } from '../i18n/format';

/**
 * `/patient/documenti`: the patient's clinical documents, phone first: each document's
 * current version with its date, title and doctor and a button to save the signed PDF; the
 * versions it replaced behind "versioni precedenti".
 */
export function PatientDocumentsPage() {
  const { t } = useTranslation();
  const documents = useApi((signal) => api.myDocuments(signal), []);
  return (
    <>
      <PageHeading title={t('documents.patient.title')} intro={t('documents.patient.intro')} />
      <AsyncView resource={documents}>
        {(items) => {
          const sets = documentSets(items);
          return sets.length === 0 ? (
            <p className="empty">{t('documents.patient.none')}</p>
          ) : (
            <ol className="my-documents" aria-label={t('documents.patient.title')}>
              {sets.map((set) => (
                <MyDocument key={set.head.id} set={set} />
              ))}
            </ol>
          );
        }}
      </AsyncView>
    </>
  );
}

function MyDocument({ set }: { set: DocumentSet }) {
  const { t } = useTranslation();
  const { head, previous } = set;
  return (
    <li className="card my-document" data-document={head.id}>
      <DocumentLine document={head} headingLevel="h2" />
      {previous.length > 0 && (
        <details className="history my-document__previous">
          <summary>{t('documents.patient.previous', { count: previous.length })}</summary>
          <ol className="my-document__versions">
            {previous.map((document) => (
              <li key={document.id} className="my-document__version">
                <DocumentLine document={document} headingLevel="h3" />
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}

function DocumentLine({
  document,
  headingLevel: Heading,
}: {
  document: ClinicalDocument;
  headingLevel: 'h2' | 'h3';
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const superseded = document.status !== 'current';
  return (
    <div className={`my-document__line${superseded ? ' my-document__line--old' : ''}`}>
      <p className="my-document__date">
        <time dateTime={document.createdAt}>{formatDateTime(document.createdAt, language)}</time>
        {document.version > 1 && (
          <span className="muted">
            {' '}
            · {t('documents.panel.version', { version: document.version })}
          </span>
        )}
      </p>
      <Heading className="my-document__title">{document.title}</Heading>
      <p className="my-document__doctor muted">
        {t('documents.patient.doctor', { name: document.authorName ?? document.author })}
      </p>
      <a
        className={`button ${superseded ? 'button--secondary' : 'button--primary'} button--block my-document__download`}
        href={document.pdfUrl}
        download
      >
        {t('documents.patient.download')}
        <span className="visually-hidden">
          :{' '}
          {t('documents.panel.documentName', { title: document.title, version: document.version })}
        </span>
      </a>
    </div>
  );
}
