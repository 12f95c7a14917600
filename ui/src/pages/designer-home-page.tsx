import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as api from '../api/endpoints';
import type { Pathway } from '../api/types';
import { AsyncView } from '../components/async-view';
import { PageHeading } from '../components/page-heading';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { humanise, translateOptional } from '../i18n/i18n';

export function pathwayKindLabel(kind: string): string {
  return translateOptional(`pathwayKinds.${kind}`, humanise(kind));
}

export function DesignerHomePage() {
  const { t } = useTranslation();
  const pathways = useApi((signal) => api.listPathways(signal), []);
  return (
    <>
      <PageHeading title={t('designer.title')} intro={t('designer.intro')} />
      <AsyncView resource={pathways}>{(items) => <PathwayCatalogue pathways={items} />}</AsyncView>
    </>
  );
}

function PathwayCatalogue({ pathways }: { pathways: Pathway[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [filter, setFilter] = useState('');
  const filterId = useId();

  const visible = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase(language);
    return pathways
      .filter(
        (pathway) =>
          !needle ||
          localized(pathway.title, language).toLocaleLowerCase(language).includes(needle),
      )
      .sort((a, b) =>
        localized(a.title, language).localeCompare(localized(b.title, language), language),
      );
  }, [pathways, filter, language]);

  if (pathways.length === 0) return <p className="empty">{t('designer.empty')}</p>;

  return (
    <section aria-labelledby={`${filterId}-heading`}>
      <div className="toolbar">
        <h2 id={`${filterId}-heading`} className="toolbar__title">
          {t('designer.count', { count: pathways.length })}
        </h2>
        <div className="field field--inline">
          <label htmlFor={filterId}>{t('designer.filter')}</label>
          <input
            id={filterId}
            type="search"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
        </div>
      </div>
      {visible.length === 0 ? (
        <p className="empty" role="status">
          {t('designer.noMatch')}
        </p>
      ) : (
        <ul className="card-grid" aria-label={t('designer.title')}>
          {visible.map((pathway) => (
            <li key={`${pathway.id}@${pathway.version}`} className="card pathway-card">
              <div className="pathway-card__meta">
                <span className="tag">{pathwayKindLabel(pathway.kind)}</span>
              </div>
              <h3 className="pathway-card__title">{localized(pathway.title, language)}</h3>
              <p className="pathway-card__description">
                {localized(pathway.description, language)}
              </p>
              <p className="pathway-card__footer">
                <span>
                  <span className="visually-hidden">{t('designer.identifier')}: </span>
                  <code>{pathway.id}</code>
                </span>
                <span>
                  {t('designer.version', { version: pathway.version })}
                  {pathway.steps !== undefined && (
                    <> · {t('designer.steps', { count: pathway.steps })}</>
                  )}
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
