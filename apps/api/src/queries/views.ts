import { currentStage, type GspStage, type LocalDate } from '@suivi/domain';
import type { Labelled, Labeller } from './labels';
import type {
  ActionPointDbRow,
  CountryStatisticsDbRow,
  CountrySummaryDbRow,
  CycleDbRow,
  CycleListDbRow,
  RoundDbRow,
  TimelineDbRow,
} from './read-model-sql';

/**
 * The JSON documents the query endpoints return (documented in query-schemas.ts). Codes go
 * out as `{ code, label }` with the label in the negotiated language; dates as
 * "YYYY-MM-DD", instants as ISO 8601 UTC.
 */

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  /** Items matching the filters, over all pages. */
  total: number;
}

/**
 * Whether the read model shows the cycle up to date (ADR 0014). NEEDS_REPAIR: an event of the
 * cycle could not be written to the read model; the cycle is shown as it stood before that
 * event (its `version`), later events are held until the read model is rebuilt. The reason
 * is a SQLSTATE-level code, never the data.
 */
export type ProjectionStatusView =
  | { status: 'UP_TO_DATE' }
  | { status: 'NEEDS_REPAIR'; reason: string; since: string; heldFromSequence: number };

export interface CycleSummaryView {
  cycleId: string;
  type: Labelled;
  country: string;
  title: string;
  timeZone: string;
  status: Labelled;
  /** The current stage of a GSP+ or EBA cycle, from its recorded GSP stages; null for the other types. */
  stage: Labelled | null;
  version: number;
  startedAt: string;
  closedAt: string | null;
  roundsScheduled: number;
  actionPoints: { total: number; open: number; overdue: number };
  projection: ProjectionStatusView;
}

export interface RoundView {
  roundId: string;
  position: number;
  title: string | null;
  date: string;
  heldOn: string | null;
  status: Labelled;
  closedAt: string | null;
  carriedOver: string[];
  nextRoundId: string | null;
}

export interface UnReferenceView {
  mechanism: string;
  text: string;
  documentSymbol?: string;
  paragraph?: string;
}

export interface ActionPointView {
  cycleId: string;
  actionPointId: string;
  roundId: string;
  originalRoundId: string;
  text: string;
  owner: Labelled;
  deadline: string;
  priority: Labelled;
  themes: Labelled[];
  conventions: Labelled[];
  unReferences: UnReferenceView[];
  status: Labelled;
  assessment: Labelled | null;
  assessmentComment: string | null;
  roundsCarried: number;
  progressReports: number;
  lastProgressOn: string | null;
  overdue: boolean;
  proposedAt: string;
  agreedAt: string | null;
  assessedAt: string | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  /** The individual case it concerns, by opaque reference: who it is about is in the need-to-know store only. */
  individualCase: IndividualCaseView | null;
  version: number;
}

export interface IndividualCaseView {
  caseRef: string;
  attachedAt: string;
  erased: boolean;
  erasedAt: string | null;
  erasedBy: Labelled | null;
}

/** An action point in a cross-cycle list: with its cycle's country and title. */
export interface ActionPointListItemView extends ActionPointView {
  country: string;
  cycleTitle: string;
  cycleType: Labelled;
}

export interface TimelineEntryView {
  sequence: number;
  type: string;
  occurredAt: string;
  /** The actor's role for everyone; the user id for auditors only. */
  actor: { role: Labelled; userId?: string };
  /** Ids, codes and dates of the event; never its free text. */
  summary: Record<string, unknown>;
}

export interface CycleDetailView {
  cycleId: string;
  type: Labelled;
  country: string;
  title: string;
  timeZone: string;
  status: Labelled;
  /** As in the list: the current stage of a GSP+ or EBA cycle, null for the other types. */
  stage: Labelled | null;
  version: number;
  startedAt: string;
  closedAt: string | null;
  closingReason: string | null;
  gsp: { stages: Record<string, string>; repliesDueOn: string | null } | null;
  withdrawal: { milestones: Record<string, string>; decidedOn: string | null; withdrawn: boolean | null } | null;
  rounds: RoundView[];
  actionPoints: ActionPointView[];
  timeline: TimelineEntryView[];
  /** Present when the document shows the cycle as of that instant (`?asOf=`). */
  asOf?: string;
  /** Present on the current document (not with `?asOf=`). */
  projection?: ProjectionStatusView;
}

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

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

/** The cycle's current stage (the domain's rule on its recorded GSP stages), labelled; null when its type has none. */
export function cycleStageView(
  cycleType: string,
  gspStages: Readonly<Partial<Record<GspStage, LocalDate>>>,
  labels: Labeller,
): Labelled | null {
  const code = currentStage(cycleType, gspStages);
  return code === null ? null : labels.cycleStage(cycleType, code);
}

export function projectionStatusView(
  row: Pick<CycleDbRow, 'repair_since' | 'repair_sequence' | 'repair_reason' | 'version'>,
): ProjectionStatusView {
  if (!row.repair_since) return { status: 'UP_TO_DATE' };
  return {
    status: 'NEEDS_REPAIR',
    reason: row.repair_reason ?? 'unknown',
    since: row.repair_since.toISOString(),
    heldFromSequence: row.repair_sequence ?? row.version + 1,
  };
}

export function cycleSummaryView(row: CycleListDbRow, labels: Labeller): CycleSummaryView {
  return {
    cycleId: row.cycle_id,
    type: labels.cycleType(row.cycle_type),
    country: row.country,
    title: row.title,
    timeZone: row.time_zone,
    status: labels.cycleStatus(row.status),
    stage: cycleStageView(row.cycle_type, row.gsp_stages, labels),
    version: row.version,
    startedAt: row.started_at.toISOString(),
    closedAt: iso(row.closed_at),
    roundsScheduled: row.rounds_scheduled,
    actionPoints: { total: row.action_points, open: row.open_action_points, overdue: row.overdue_action_points },
    projection: projectionStatusView(row),
  };
}

export function roundView(row: RoundDbRow, labels: Labeller): RoundView {
  return {
    roundId: row.round_id,
    position: row.position,
    title: row.title,
    date: row.date,
    heldOn: row.held_on,
    status: labels.roundStatus(row.status),
    closedAt: iso(row.closed_at),
    carriedOver: row.carried_over,
    nextRoundId: row.next_round_id,
  };
}

export function actionPointView(row: ActionPointDbRow, labels: Labeller): ActionPointView {
  return {
    cycleId: row.cycle_id,
    actionPointId: row.action_point_id,
    roundId: row.round_id,
    originalRoundId: row.original_round_id,
    text: row.text,
    owner: labels.owner(row.owner),
    deadline: row.deadline,
    priority: labels.priority(row.priority),
    themes: row.themes.map((t) => labels.theme(t)),
    conventions: row.conventions.map((c) => labels.convention(c)),
    unReferences: row.un_references,
    status: labels.actionPointStatus(row.status),
    assessment: row.assessment ? labels.actionPointStatus(row.assessment) : null,
    assessmentComment: row.assessment_comment,
    roundsCarried: row.rounds_carried,
    progressReports: row.progress_reports,
    lastProgressOn: row.last_progress_on,
    overdue: row.overdue,
    proposedAt: row.proposed_at.toISOString(),
    agreedAt: iso(row.agreed_at),
    assessedAt: iso(row.assessed_at),
    withdrawnAt: iso(row.withdrawn_at),
    withdrawalReason: row.withdrawal_reason,
    individualCase: row.case_ref
      ? {
          caseRef: row.case_ref,
          attachedAt: (row.case_attached_at ?? row.updated_at).toISOString(),
          erased: row.case_erased_at !== null,
          erasedAt: iso(row.case_erased_at),
          erasedBy: row.case_erased_by_role ? labels.actorRole(row.case_erased_by_role) : null,
        }
      : null,
    version: row.version,
  };
}

export function actionPointListItemView(row: ActionPointDbRow, labels: Labeller): ActionPointListItemView {
  return {
    ...actionPointView(row, labels),
    country: row.country,
    cycleTitle: row.cycle_title,
    cycleType: labels.cycleType(row.cycle_type),
  };
}

export function timelineEntryView(row: TimelineDbRow, labels: Labeller, showActorIdentity: boolean): TimelineEntryView {
  return {
    sequence: row.sequence,
    type: row.event_type,
    occurredAt: row.occurred_at.toISOString(),
    actor: {
      role: labels.actorRole(row.actor_role),
      ...(showActorIdentity ? { userId: row.actor_user_id } : {}),
    },
    summary: row.summary,
  };
}

export function cycleDetailView(
  parts: { cycle: CycleDbRow; rounds: RoundDbRow[]; actionPoints: ActionPointDbRow[]; timeline: TimelineDbRow[] },
  labels: Labeller,
  showActorIdentity: boolean,
): CycleDetailView {
  const { cycle } = parts;
  const hasGsp = Object.keys(cycle.gsp_stages).length > 0 || cycle.gsp_replies_due_on !== null;
  return {
    cycleId: cycle.cycle_id,
    type: labels.cycleType(cycle.cycle_type),
    country: cycle.country,
    title: cycle.title,
    timeZone: cycle.time_zone,
    status: labels.cycleStatus(cycle.status),
    stage: cycleStageView(cycle.cycle_type, cycle.gsp_stages, labels),
    version: cycle.version,
    startedAt: cycle.started_at.toISOString(),
    closedAt: iso(cycle.closed_at),
    closingReason: cycle.closing_reason,
    gsp: hasGsp ? { stages: cycle.gsp_stages, repliesDueOn: cycle.gsp_replies_due_on } : null,
    withdrawal: cycle.withdrawal_milestones
      ? {
          milestones: cycle.withdrawal_milestones,
          decidedOn: cycle.withdrawal_decided_on,
          withdrawn: cycle.withdrawn,
        }
      : null,
    rounds: parts.rounds.map((r) => roundView(r, labels)),
    actionPoints: parts.actionPoints.map((ap) => actionPointView(ap, labels)),
    timeline: parts.timeline.map((t) => timelineEntryView(t, labels, showActorIdentity)),
    projection: projectionStatusView(cycle),
  };
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
