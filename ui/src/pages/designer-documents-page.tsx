import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import * as api from '../api/endpoints';
import type { DocumentTypeInfo } from '../api/types';
import { AsyncView } from '../components/async-view';
import { PageHeading } from '../components/page-heading';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { designerDocumentPath } from '../documents/document-routes';

/** The clinical document types: the FSE template each follows (or "PDF only"), and a preview. */
export function DesignerDocumentsPage() {
  const { t } = useTranslation();
  const types = useApi((signal) => api.listDocumentTypes(signal), []);
  return (
    <>
      <PageHeading title={t('documents.designer.title')} intro={t('documents.designer.intro')} />
      <AsyncView resource={types}>
        {(items) =>
          items.length === 0 ? (
            <p className="empty">{t('documents.designer.empty')}</p>
          ) : (
            <ul className="card-grid" aria-label={t('documents.designer.title')}>
              {items.map((type) => (
                <TypeCard key={type.type} type={type} />
              ))}
            </ul>
          )
        }
      </AsyncView>
    </>
  );
}

function TypeCard({ type }: { type: DocumentTypeInfo }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <li className="card pathway-card form-card document-type-card" data-type={type.type}>
      <div className="pathway-card__meta">
        <span className="tag">
          {type.cda ? t('documents.designer.fse') : t('documents.designer.pdfOnly')}
        </span>
      </div>
      <h2 className="pathway-card__title document-type-card__title">
        <Link to={designerDocumentPath(type.type)} className="form-card__link">
          {localized(type.title, language)}
        </Link>
      </h2>
      {type.cda ? (
        <dl className="document-type-card__facts">
          <dt>{t('documents.designer.templateId')}</dt>
          <dd>
            <code>{type.cda.templateId}</code>
          </dd>
          <dt>{t('documents.designer.loinc')}</dt>
          <dd>
            <code>{type.cda.loinc}</code>
          </dd>
          <dt>{t('documents.designer.schematron')}</dt>
          <dd>
            <code>{type.cda.schematron}</code>
          </dd>
        </dl>
      ) : (
        <p className="pathway-card__description">{t('documents.designer.pdfOnlyHint')}</p>
      )}
      <p className="pathway-card__footer">
        <span>
          <span className="visually-hidden">{t('designer.identifier')}: </span>
          <code>{type.type}</code>
        </span>
        <span>{t('documents.designer.samples', { count: type.samples })}</span>
      </p>
    </li>
  );
}
