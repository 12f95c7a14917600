import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SimulationResult, TimelineEntry } from '../api/types';
import { useLanguage } from '../components/use-language';
import { formatNumber } from '../i18n/format';
import type { Language } from '../i18n/i18n';
import { TimelineGlyph } from './timeline-glyph';
import {
  classify,
  describeEntry,
  rememberAll,
  type DefinitionIndex,
  type EntryClass,
} from './timeline-text';

type Filter = 'essential' | 'alerts' | 'all';
const filters: readonly Filter[] = ['essential', 'alerts', 'all'];

function visible(filter: Filter, kind: EntryClass): boolean {
  if (filter === 'all') return true;
  if (filter === 'alerts') return kind.group === 'alert' || kind.group === 'missed';
  return kind.group !== 'technical' && kind.group !== 'routine';
}

const locales: Record<Language, string> = { it: 'it-IT', en: 'en-GB' };
const zone = 'Europe/Rome';

/** yyyy-mm-dd of an instant in Rome: the key that groups entries by calendar day. */
const dayKeyFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: zone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

interface Row {
  entry: TimelineEntry;
  kind: EntryClass;
  text: string;
}

interface Day {
  key: string;
  day: number;
  at: string;
  rows: Row[];
}

/** Summary first (what a designer checks), then the timeline day by day. */
export function SimulationReport({
  result,
  index,
}: {
  result: SimulationResult;
  index: DefinitionIndex;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const filterId = useId();
  const [filter, setFilter] = useState<Filter>('essential');

  const rows = useMemo(() => {
    const memory = rememberAll(result.timeline);
    return result.timeline.map((entry) => ({
      entry,
      kind: classify(entry),
      text: describeEntry(entry, index, memory, t, language),
    }));
  }, [result, index, t, language]);

  const days = useMemo(() => {
    const grouped: Day[] = [];
    for (const row of rows) {
      if (!visible(filter, row.kind)) continue;
      const key = dayKeyFormat.format(new Date(row.entry.at));
      const last = grouped.at(-1);
      if (last?.key === key) last.rows.push(row);
      else grouped.push({ key, day: row.entry.day, at: row.entry.at, rows: [row] });
    }
    return grouped;
  }, [rows, filter]);

  const shown = days.reduce((sum, day) => sum + day.rows.length, 0);
  const dayFormat = new Intl.DateTimeFormat(locales[language], {
    timeZone: zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const timeFormat = new Intl.DateTimeFormat(locales[language], {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
  });

  return (
    <div className="sim-report" data-testid="simulation-report">
      <SimulationSummary result={result} rows={rows} />

      <section aria-labelledby={`${filterId}-timeline`} className="sim-timeline">
        <div className="sim-timeline__head">
          <h3 id={`${filterId}-timeline`}>{t('workbench.timelineTitle')}</h3>
          <div className="field field--inline sim-timeline__filter">
            <label htmlFor={filterId}>{t('workbench.filter.label')}</label>
            <select
              id={filterId}
              value={filter}
              onChange={(event) => setFilter(event.target.value as Filter)}
            >
              {filters.map((option) => (
                <option key={option} value={option}>
                  {t(`workbench.filter.${option}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p className="muted sim-timeline__count">
          {t('workbench.shownEntries', {
            count: shown,
            total: formatNumber(rows.length, language),
          })}
        </p>
        {days.length === 0 ? (
          <p className="empty">{t('workbench.noEntries')}</p>
        ) : (
          days.map((day) => (
            <section key={day.key} className="sim-day" aria-labelledby={`${filterId}-${day.key}`}>
              <h4 id={`${filterId}-${day.key}`} className="sim-day__title">
                <span className="sim-day__number">{t('workbench.day', { day: day.day })}</span>{' '}
                <span className="sim-day__date">{dayFormat.format(new Date(day.at))}</span>
              </h4>
              <ol className="sim-day__entries">
                {day.rows.map((row, position) => (
                  <li
                    key={`${row.entry.at}:${position}`}
                    className={`sim-entry sim-entry--${row.kind.tone}`}
                    data-kind={row.entry.kind}
                  >
                    <time className="sim-entry__time" dateTime={row.entry.at}>
                      {timeFormat.format(new Date(row.entry.at))}
                    </time>
                    <span className={`sim-badge sim-badge--${row.kind.tone}`}>
                      <TimelineGlyph badge={row.kind.badge} />
                      {t(`workbench.badges.${row.kind.badge}` as 'workbench.badges.other')}
                    </span>
                    <span className="sim-entry__text">{row.text}</span>
                  </li>
                ))}
              </ol>
            </section>
          ))
        )}
      </section>
    </div>
  );
}

function SimulationSummary({ result, rows }: { result: SimulationResult; rows: Row[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const headingId = useId();
  const { stats, final } = result;
  const tasks = rows.filter(
    (row) => row.entry.command?.type === 'open-item' && row.entry.command.item.kind === 'task',
  ).length;
  const number = (value: number) => formatNumber(value, language);
  const period = new Intl.DateTimeFormat(locales[language], { timeZone: zone, dateStyle: 'long' });

  const outcome =
    final.status === 'completed'
      ? t('workbench.outcome.completed', { outcome: final.outcome ?? '—' })
      : final.status === 'withdrawn'
        ? t('workbench.outcome.withdrawn', { outcome: final.outcome ?? '—' })
        : t('workbench.outcome.active', { count: stats.days });

  const tiles: { key: string; label: string; value: number; tone: string }[] = [
    { key: 'red', label: t('workbench.summary.red'), value: stats.alerts.red, tone: 'red' },
    {
      key: 'orange',
      label: t('workbench.summary.orange'),
      value: stats.alerts.orange,
      tone: 'orange',
    },
    {
      key: 'yellow',
      label: t('workbench.summary.yellow'),
      value: stats.alerts.yellow,
      tone: 'yellow',
    },
    {
      key: 'escalations',
      label: t('workbench.summary.escalations'),
      value: stats.alertEscalations,
      tone: 'grey',
    },
    { key: 'missed', label: t('workbench.summary.missed'), value: stats.missed, tone: 'orange' },
    { key: 'tasks', label: t('workbench.summary.tasks'), value: tasks, tone: 'blue' },
    {
      key: 'notifications',
      label: t('workbench.summary.notifications'),
      value: stats.notifications,
      tone: 'blue',
    },
  ];

  return (
    <section aria-labelledby={headingId} className="sim-summary" data-testid="simulation-summary">
      <h3 id={headingId}>{t('workbench.summaryTitle')}</h3>
      <p className="sim-summary__period">
        {t('workbench.period', {
          pathway: result.pathway.id,
          version: result.pathway.version,
          from: period.format(new Date(result.start)),
          to: period.format(new Date(result.end)),
        })}
      </p>
      <dl className="sim-summary__tiles">
        {tiles.map((tile) => (
          <div
            key={tile.key}
            className={`sim-tile sim-tile--${tile.tone}${tile.value === 0 ? ' sim-tile--zero' : ''}`}
          >
            <dt>{tile.label}</dt>
            <dd>{number(tile.value)}</dd>
          </div>
        ))}
      </dl>
      <dl className="sim-summary__outcome">
        <div>
          <dt>{t('workbench.summary.outcome')}</dt>
          <dd>{outcome}</dd>
        </div>
        {final.openAlerts.length > 0 && (
          <div>
            <dt>{t('workbench.summary.openAlerts')}</dt>
            <dd>{number(final.openAlerts.length)}</dd>
          </div>
        )}
        {final.openItems.length > 0 && (
          <div>
            <dt>{t('workbench.summary.openItems')}</dt>
            <dd>{number(final.openItems.length)}</dd>
          </div>
        )}
      </dl>
      {stats.rejected > 0 && (
        <p className="alert alert--error">{t('workbench.rejected', { count: stats.rejected })}</p>
      )}
    </section>
  );
}
