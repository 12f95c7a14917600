import { indicatorIds, type IndicatorId, type ReportFilters } from '../api/types';

// The dashboard's state lives in the URL query string (a view can be shared and reloaded):
// the API's own filter names, plus the drill-down that is open.

export const quickRanges = ['last30', 'last90', 'thisYear', 'lastYear'] as const;
export type QuickRange = (typeof quickRanges)[number];

/** A local calendar day as YYYY-MM-DD. */
export function isoDay(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

/** True for a real calendar day written YYYY-MM-DD (not 2026-02-30). */
export function isDay(value: string | null | undefined): value is string {
  if (!value) return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(y, m - 1, d);
  return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d;
}

function daysBefore(today: Date, days: number): Date {
  return new Date(today.getFullYear(), today.getMonth(), today.getDate() - days);
}

export function quickRange(range: QuickRange, today: Date): { from: string; to: string } {
  switch (range) {
    case 'last30':
      return { from: isoDay(daysBefore(today, 29)), to: isoDay(today) };
    case 'last90':
      return { from: isoDay(daysBefore(today, 89)), to: isoDay(today) };
    case 'thisYear':
      return { from: `${today.getFullYear()}-01-01`, to: isoDay(today) };
    case 'lastYear': {
      const year = today.getFullYear() - 1;
      return { from: `${year}-01-01`, to: `${year}-12-31` };
    }
  }
}

/** The quick choice the period matches, if any (its button shows as pressed). */
export function matchingQuickRange(
  filters: Pick<ReportFilters, 'from' | 'to'>,
  today: Date,
): QuickRange | null {
  return (
    quickRanges.find((range) => {
      const candidate = quickRange(range, today);
      return candidate.from === filters.from && candidate.to === filters.to;
    }) ?? null
  );
}

const filterNames = ['from', 'to', 'pathwayId', 'version', 'siteId'] as const;

/**
 * The filters in the URL, completed: a missing or malformed date falls back to the last 30
 * days; a version without its pathway is dropped (the API refuses it).
 */
export function filtersFromSearch(search: URLSearchParams, today: Date): ReportFilters {
  const fallback = quickRange('last30', today);
  const from = search.get('from');
  const to = search.get('to');
  const filters: ReportFilters = {
    from: isDay(from) ? from : fallback.from,
    to: isDay(to) ? to : fallback.to,
  };
  const pathwayId = search.get('pathwayId');
  const version = search.get('version');
  const siteId = search.get('siteId');
  if (pathwayId) filters.pathwayId = pathwayId;
  if (pathwayId && version) filters.version = version;
  if (siteId) filters.siteId = siteId;
  return filters;
}

/** True when the period can be asked for (the API refuses from > to). */
export function validPeriod(filters: ReportFilters): boolean {
  return filters.from <= filters.to;
}

/** The query string for `filters`, keeping the other parameters (the open drill-down). */
export function searchWithFilters(
  search: URLSearchParams,
  filters: ReportFilters,
): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const name of filterNames) {
    const value = filters[name];
    if (value) next.set(name, value);
    else next.delete(name);
  }
  return next;
}

export interface DrilldownState {
  indicator: IndicatorId;
  key?: string;
  page: number;
}

function isIndicatorId(value: string | null): value is IndicatorId {
  return (indicatorIds as readonly string[]).includes(value ?? '');
}

export function drilldownFromSearch(search: URLSearchParams): DrilldownState | null {
  const indicator = search.get('indicator');
  if (!isIndicatorId(indicator)) return null;
  const page = Number(search.get('page') ?? '1');
  const state: DrilldownState = {
    indicator,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
  const key = search.get('key');
  if (key) state.key = key;
  return state;
}

export function searchWithDrilldown(
  search: URLSearchParams,
  drilldown: DrilldownState | null,
): URLSearchParams {
  const next = new URLSearchParams(search);
  next.delete('indicator');
  next.delete('key');
  next.delete('page');
  if (drilldown) {
    next.set('indicator', drilldown.indicator);
    if (drilldown.key) next.set('key', drilldown.key);
    if (drilldown.page > 1) next.set('page', String(drilldown.page));
  }
  return next;
}
