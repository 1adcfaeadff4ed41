import { actionPointListItemView, type ActionPointListItemView } from './action-point-views';
import type { ActionPointDbRow } from './action-points-sql';
import type { CountryStatisticsDbRow, CountrySummaryDbRow } from './dashboard-sql';
import type { Labelled, Labeller } from './labels';

/** The documents of the dashboards: one country's, and the cross-country one. */

export interface DashboardView {
  country: string;
  cycles: { total: number; active: number };
  actionPoints: {
    total: number;
    byStatus: Array<Labelled & { count: number }>;
    open: number;
    overdue: number;
    carriedOver: number;
    openCarriedOver: number;
    maxRoundsCarried: number;
  };
  /** The next open (agreed, not done) deadlines from today on, soonest first. */
  nextDeadlines: ActionPointListItemView[];
}

/** The counts of one country (or their sum) on the cross-country dashboard. */
export interface CountryCountsView {
  cycles: { total: number; active: number };
  actionPoints: {
    total: number;
    open: number;
    overdue: number;
    carriedOver: number;
    openCarriedOver: number;
    assessed: number;
    awaitingAssessment: number;
  };
}

export interface CrossCountryDashboardView {
  /** By country code. */
  countries: Array<{ country: string } & CountryCountsView>;
  totals: CountryCountsView;
}

const STATUS_COLUMNS = [
  ['PROPOSED', 'proposed'],
  ['AGREED', 'agreed'],
  ['IN_PROGRESS', 'in_progress'],
  ['COMPLETED', 'completed'],
  ['PARTIALLY_COMPLETED', 'partially_completed'],
  ['NOT_COMPLETED', 'not_completed'],
  ['WITHDRAWN', 'withdrawn'],
] as const;

export function dashboardView(
  country: string,
  statistics: CountryStatisticsDbRow | undefined,
  nextDeadlines: ActionPointDbRow[],
  labels: Labeller,
): DashboardView {
  const count = (column: keyof CountryStatisticsDbRow): number => Number(statistics?.[column] ?? 0);
  return {
    country,
    cycles: { total: count('cycles'), active: count('active_cycles') },
    actionPoints: {
      total: count('action_points'),
      byStatus: STATUS_COLUMNS.map(([code, column]) => ({ ...labels.actionPointStatus(code), count: count(column) })),
      open: count('open'),
      overdue: count('overdue'),
      carriedOver: count('carried_over'),
      openCarriedOver: count('open_carried_over'),
      maxRoundsCarried: count('max_rounds_carried'),
    },
    nextDeadlines: nextDeadlines.map((row) => actionPointListItemView(row, labels)),
  };
}

const countsOf = (row: Omit<CountrySummaryDbRow, 'country'> | undefined): CountryCountsView => {
  const count = (column: keyof Omit<CountrySummaryDbRow, 'country'>): number => Number(row?.[column] ?? 0);
  return {
    cycles: { total: count('cycles'), active: count('active_cycles') },
    actionPoints: {
      total: count('action_points'),
      open: count('open'),
      overdue: count('overdue'),
      carriedOver: count('carried_over'),
      openCarriedOver: count('open_carried_over'),
      assessed: count('assessed'),
      awaitingAssessment: count('awaiting_assessment'),
    },
  };
};

const addCounts = (a: CountryCountsView, b: CountryCountsView): CountryCountsView => ({
  cycles: { total: a.cycles.total + b.cycles.total, active: a.cycles.active + b.cycles.active },
  actionPoints: Object.fromEntries(
    Object.entries(a.actionPoints).map(([key, value]) => [
      key,
      value + b.actionPoints[key as keyof CountryCountsView['actionPoints']],
    ]),
  ) as CountryCountsView['actionPoints'],
});

/**
 * The cross-country dashboard: one entry per country with cycles, plus each `listed` country
 * (the scope a reader named or holds) with zeros when it has none, by country code.
 */
export function crossCountryDashboardView(
  rows: CountrySummaryDbRow[],
  listed: readonly string[] | null,
): CrossCountryDashboardView {
  const byCountry = new Map(rows.map((row) => [row.country, row]));
  const countries = [...new Set([...byCountry.keys(), ...(listed ?? [])])]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((country) => ({ country, ...countsOf(byCountry.get(country)) }));
  return {
    countries,
    totals: countries.reduce<CountryCountsView>(
      (sum, { cycles, actionPoints }) => addCounts(sum, { cycles, actionPoints }),
      countsOf(undefined),
    ),
  };
}
