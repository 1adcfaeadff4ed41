import { currentStage, type GspStage, type LocalDate } from '@suivi/domain';
import { actionPointView, type ActionPointView } from './action-point-views';
import type { ActionPointDbRow } from './action-points-sql';
import type { CycleDbRow, CycleListDbRow, RoundDbRow, TimelineDbRow } from './cycles-sql';
import type { Labelled, Labeller } from './labels';
import { iso } from './views';

/** The documents of a cycle: its summary in the list, its detail with rounds, action points and timeline. */

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

export interface TimelineEntryView {
  sequence: number;
  type: string;
  /** The event's name in the language asked (the domain's EVENT_LABELS). */
  label: string;
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
  /** Oldest first; only the latest entries with `?timelineLimit=`. */
  timeline: TimelineEntryView[];
  /** How many entries the whole timeline has. */
  timelineTotal: number;
  /** Present when the document shows the cycle as of that instant (`?asOf=`). */
  asOf?: string;
  /** Present on the current document (not with `?asOf=`). */
  projection?: ProjectionStatusView;
}

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

export function timelineEntryView(row: TimelineDbRow, labels: Labeller, showActorIdentity: boolean): TimelineEntryView {
  return {
    sequence: row.sequence,
    type: row.event_type,
    label: labels.eventType(row.event_type).label,
    occurredAt: row.occurred_at.toISOString(),
    actor: {
      role: labels.actorRole(row.actor_role),
      ...(showActorIdentity ? { userId: row.actor_user_id } : {}),
    },
    summary: row.summary,
  };
}

export function cycleDetailView(
  parts: {
    cycle: CycleDbRow;
    rounds: RoundDbRow[];
    actionPoints: ActionPointDbRow[];
    timeline: TimelineDbRow[];
    timelineTotal: number;
  },
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
    timelineTotal: parts.timelineTotal,
    projection: projectionStatusView(cycle),
  };
}
