import type { ActionPointTerms, CycleEvent, CycleEventOf } from '@suivi/domain';

/**
 * The read model's rows, as stored (snake_case columns, dates "YYYY-MM-DD", instants ISO
 * 8601), and the pure projection of one event onto the rows of its cycle. It mirrors the
 * domain's `evolve`: an event naming a round or action point the cycle does not have
 * (impossible in a consistent history) only advances the version and the timeline.
 */

export interface CycleRow {
  cycle_id: string;
  cycle_type: string;
  country: string;
  title: string;
  time_zone: string;
  status: 'ACTIVE' | 'CLOSED' | 'CANCELLED';
  /** Sequence number of the last event applied to the cycle. */
  version: number;
  started_at: string;
  /** When it was closed or cancelled. */
  closed_at: string | null;
  closing_reason: string | null;
  rounds_scheduled: number;
  /** GSP stage code → date recorded. */
  gsp_stages: Record<string, string>;
  gsp_replies_due_on: string | null;
  withdrawal_milestones: Record<string, string> | null;
  withdrawal_decided_on: string | null;
  withdrawn: boolean | null;
  updated_at: string;
}

export interface RoundRow {
  cycle_id: string;
  round_id: string;
  /** 1, 2, ... in scheduling order. */
  position: number;
  title: string | null;
  date: string;
  held_on: string | null;
  status: 'SCHEDULED' | 'HELD' | 'CLOSED';
  closed_at: string | null;
  /** Action points moved to the next round when this one closed. */
  carried_over: string[];
  next_round_id: string | null;
  version: number;
  updated_at: string;
}

export interface ActionPointRow {
  cycle_id: string;
  action_point_id: string;
  original_round_id: string;
  /** The round it belongs to now (changes when carried over). */
  round_id: string;
  text: string;
  owner: string;
  deadline: string;
  priority: string;
  themes: string[];
  conventions: string[];
  un_references: ActionPointTerms['unReferences'];
  status: 'PROPOSED' | 'AGREED' | 'IN_PROGRESS' | 'COMPLETED' | 'PARTIALLY_COMPLETED' | 'NOT_COMPLETED' | 'WITHDRAWN';
  assessment: string | null;
  assessment_comment: string | null;
  rounds_carried: number;
  progress_reports: number;
  /** The latest date progress was reported for. */
  last_progress_on: string | null;
  reminders_sent: number;
  last_reminder_at: string | null;
  /** An escalation reminder went out (the deadline was missed by more than the first step). */
  escalated: boolean;
  proposed_at: string;
  agreed_at: string | null;
  withdrawn_at: string | null;
  withdrawal_reason: string | null;
  assessed_at: string | null;
  version: number;
  updated_at: string;
}

export interface TimelineRow {
  cycle_id: string;
  sequence: number;
  event_id: string;
  event_type: string;
  occurred_at: string;
  actor_role: string;
  actor_user_id: string;
  command_id: string;
  summary: Record<string, unknown>;
}

/** What the projection needs of one cycle: its current rows. */
export interface CycleRows {
  cycle: CycleRow | null;
  rounds: Readonly<Record<string, RoundRow>>;
  actionPoints: Readonly<Record<string, ActionPointRow>>;
}

export type RowChange =
  | { kind: 'upsert'; table: 'cycles'; row: CycleRow }
  | { kind: 'upsert'; table: 'rounds'; row: RoundRow }
  | { kind: 'upsert'; table: 'action_points'; row: ActionPointRow }
  | { kind: 'insert'; table: 'timeline'; row: TimelineRow };

export interface Projected {
  rows: CycleRows;
  changes: RowChange[];
}

export const emptyCycleRows = (): CycleRows => ({ cycle: null, rounds: {}, actionPoints: {} });

/** (rows of the cycle, next event) → rows after it and the row changes to write. Never mutates its inputs. */
export function projectEvent(rows: CycleRows, event: CycleEvent): Projected {
  const changes: RowChange[] = [{ kind: 'insert', table: 'timeline', row: timelineRow(event) }];
  let next: CycleRows = rows;

  const setCycle = (change: (cycle: CycleRow) => CycleRow) => {
    if (!next.cycle) return;
    next = { ...next, cycle: change(next.cycle) };
  };
  const setRound = (roundId: string, change: (round: RoundRow) => RoundRow) => {
    const round = next.rounds[roundId] as RoundRow | undefined;
    if (!round) return;
    const changed = { ...change(round), version: event.sequence, updated_at: event.occurredAt };
    next = { ...next, rounds: { ...next.rounds, [roundId]: changed } };
    changes.push({ kind: 'upsert', table: 'rounds', row: changed });
  };
  const setActionPoint = (actionPointId: string, change: (actionPoint: ActionPointRow) => ActionPointRow) => {
    const actionPoint = next.actionPoints[actionPointId] as ActionPointRow | undefined;
    if (!actionPoint) return;
    const changed = { ...change(actionPoint), version: event.sequence, updated_at: event.occurredAt };
    next = { ...next, actionPoints: { ...next.actionPoints, [actionPointId]: changed } };
    changes.push({ kind: 'upsert', table: 'action_points', row: changed });
  };

  switch (event.type) {
    case 'CycleStarted': {
      const { cycleType, country, title, timeZone } = event.data;
      const previous = next.cycle;
      next = {
        ...next,
        cycle: {
          cycle_id: event.cycleId,
          cycle_type: cycleType,
          country,
          title,
          time_zone: timeZone,
          status: 'ACTIVE',
          version: event.sequence,
          started_at: event.occurredAt,
          closed_at: null,
          closing_reason: null,
          rounds_scheduled: previous?.rounds_scheduled ?? 0,
          gsp_stages: previous?.gsp_stages ?? {},
          gsp_replies_due_on: previous?.gsp_replies_due_on ?? null,
          withdrawal_milestones: previous?.withdrawal_milestones ?? null,
          withdrawal_decided_on: previous?.withdrawal_decided_on ?? null,
          withdrawn: previous?.withdrawn ?? null,
          updated_at: event.occurredAt,
        },
      };
      break;
    }
    case 'RoundScheduled': {
      const { roundId, date, title } = event.data;
      const position = (next.cycle?.rounds_scheduled ?? Object.keys(next.rounds).length) + 1;
      const round: RoundRow = {
        cycle_id: event.cycleId,
        round_id: roundId,
        position,
        title: title ?? null,
        date,
        held_on: null,
        status: 'SCHEDULED',
        closed_at: null,
        carried_over: [],
        next_round_id: null,
        version: event.sequence,
        updated_at: event.occurredAt,
      };
      next = { ...next, rounds: { ...next.rounds, [roundId]: round } };
      changes.push({ kind: 'upsert', table: 'rounds', row: round });
      setCycle((cycle) => ({ ...cycle, rounds_scheduled: position }));
      break;
    }
    case 'RoundHeld':
      setRound(event.data.roundId, (round) => ({ ...round, status: 'HELD', held_on: event.data.heldOn }));
      break;
    case 'RoundClosed': {
      const { roundId, carriedOver, nextRoundId } = event.data;
      setRound(roundId, (round) => ({
        ...round,
        status: 'CLOSED',
        closed_at: event.occurredAt,
        carried_over: [...carriedOver],
        next_round_id: nextRoundId ?? null,
      }));
      break;
    }
    case 'ActionPointProposed': {
      const { actionPointId, roundId, terms } = event.data;
      const actionPoint: ActionPointRow = {
        cycle_id: event.cycleId,
        action_point_id: actionPointId,
        original_round_id: roundId,
        round_id: roundId,
        text: terms.text,
        owner: terms.owner,
        deadline: terms.deadline,
        priority: terms.priority,
        themes: [...terms.themes],
        conventions: [...terms.conventions],
        un_references: terms.unReferences.map((r) => ({ ...r })),
        status: 'PROPOSED',
        assessment: null,
        assessment_comment: null,
        rounds_carried: 0,
        progress_reports: 0,
        last_progress_on: null,
        reminders_sent: 0,
        last_reminder_at: null,
        escalated: false,
        proposed_at: event.occurredAt,
        agreed_at: null,
        withdrawn_at: null,
        withdrawal_reason: null,
        assessed_at: null,
        version: event.sequence,
        updated_at: event.occurredAt,
      };
      next = { ...next, actionPoints: { ...next.actionPoints, [actionPointId]: actionPoint } };
      changes.push({ kind: 'upsert', table: 'action_points', row: actionPoint });
      break;
    }
    case 'ActionPointAgreed':
      setActionPoint(event.data.actionPointId, (ap) => ({ ...ap, status: 'AGREED', agreed_at: event.occurredAt }));
      break;
    case 'ActionPointAmended':
      setActionPoint(event.data.actionPointId, (ap) => ({ ...ap, ...termColumns(event.data.changes) }));
      break;
    case 'ActionPointWithdrawn':
      setActionPoint(event.data.actionPointId, (ap) => ({
        ...ap,
        status: 'WITHDRAWN',
        withdrawn_at: event.occurredAt,
        withdrawal_reason: event.data.reason,
      }));
      break;
    case 'ProgressReported': {
      const { reportedOn } = event.data;
      setActionPoint(event.data.actionPointId, (ap) => ({
        ...ap,
        // The first report shows work has started; later ones leave the status alone (as evolve does).
        status: ap.status === 'AGREED' ? 'IN_PROGRESS' : ap.status,
        progress_reports: ap.progress_reports + 1,
        last_progress_on: ap.last_progress_on && ap.last_progress_on > reportedOn ? ap.last_progress_on : reportedOn,
      }));
      break;
    }
    case 'ActionPointAssessed': {
      const { assessment, comment } = event.data;
      setActionPoint(event.data.actionPointId, (ap) => ({
        ...ap,
        status: assessment,
        assessment,
        assessment_comment: comment ?? null,
        assessed_at: event.occurredAt,
      }));
      break;
    }
    case 'ActionPointCarriedOver': {
      const { toRoundId, roundsCarried } = event.data;
      setActionPoint(event.data.actionPointId, (ap) => ({ ...ap, round_id: toRoundId, rounds_carried: roundsCarried }));
      break;
    }
    case 'CycleClosed':
      setCycle((cycle) => ({
        ...cycle,
        status: 'CLOSED',
        closed_at: event.occurredAt,
        closing_reason: event.data.reason ?? null,
      }));
      break;
    case 'CycleCancelled':
      setCycle((cycle) => ({
        ...cycle,
        status: 'CANCELLED',
        closed_at: event.occurredAt,
        closing_reason: event.data.reason,
      }));
      break;
    case 'GspStageRecorded': {
      const { stage, on, repliesDueOn } = event.data;
      setCycle((cycle) => ({
        ...cycle,
        gsp_stages: { ...cycle.gsp_stages, [stage]: on },
        gsp_replies_due_on: repliesDueOn ?? cycle.gsp_replies_due_on,
      }));
      break;
    }
    case 'WithdrawalInitiated':
      setCycle((cycle) => ({ ...cycle, withdrawal_milestones: { ...event.data.milestones } }));
      break;
    case 'WithdrawalDecisionRecorded': {
      const { decidedOn, withdrawn, milestones } = event.data;
      setCycle((cycle) => ({
        ...cycle,
        withdrawal_milestones: { ...milestones },
        withdrawal_decided_on: decidedOn,
        withdrawn,
      }));
      break;
    }
    case 'ReminderSent': {
      const { subject, kind } = event.data;
      if (subject.kind === 'ACTION_POINT') {
        setActionPoint(subject.actionPointId, (ap) => ({
          ...ap,
          reminders_sent: ap.reminders_sent + 1,
          last_reminder_at: event.occurredAt,
          escalated: ap.escalated || kind === 'ESCALATION',
        }));
      }
      break;
    }
  }

  // Every event moves the cycle's version, whatever else it changed.
  setCycle((cycle) => ({ ...cycle, version: event.sequence, updated_at: event.occurredAt }));
  if (next.cycle) changes.push({ kind: 'upsert', table: 'cycles', row: next.cycle });
  return { rows: next, changes };
}

/** Folds several events of one cycle, in the given order; returns every change (later ones win per row). */
export function projectEvents(rows: CycleRows, events: readonly CycleEvent[]): Projected {
  let current = rows;
  const changes: RowChange[] = [];
  for (const event of events) {
    const projected = projectEvent(current, event);
    current = projected.rows;
    changes.push(...projected.changes);
  }
  return { rows: current, changes };
}

function termColumns(terms: Partial<ActionPointTerms>): Partial<ActionPointRow> {
  const columns: Partial<ActionPointRow> = {};
  if (terms.text !== undefined) columns.text = terms.text;
  if (terms.owner !== undefined) columns.owner = terms.owner;
  if (terms.deadline !== undefined) columns.deadline = terms.deadline;
  if (terms.priority !== undefined) columns.priority = terms.priority;
  if (terms.themes !== undefined) columns.themes = [...terms.themes];
  if (terms.conventions !== undefined) columns.conventions = [...terms.conventions];
  if (terms.unReferences !== undefined) columns.un_references = terms.unReferences.map((r) => ({ ...r }));
  return columns;
}

function timelineRow(event: CycleEvent): TimelineRow {
  return {
    cycle_id: event.cycleId,
    sequence: event.sequence,
    event_id: `${event.cycleId}:${event.sequence}`,
    event_type: event.type,
    occurred_at: event.occurredAt,
    actor_role: event.actor.role,
    actor_user_id: event.actor.userId,
    command_id: event.commandId,
    summary: timelineSummary(event),
  };
}

/**
 * A compact summary: ids, codes, dates and counts. Free text (titles, action point text,
 * reasons, progress reports, comments) is left out: it may name people at risk of
 * reprisals, and the timeline is what auditors and dashboards skim.
 */
export function timelineSummary(event: CycleEvent): Record<string, unknown> {
  switch (event.type) {
    case 'CycleStarted':
      return { cycleType: event.data.cycleType, country: event.data.country, timeZone: event.data.timeZone };
    case 'RoundScheduled':
      return { roundId: event.data.roundId, date: event.data.date };
    case 'RoundHeld':
      return { roundId: event.data.roundId, heldOn: event.data.heldOn };
    case 'ActionPointProposed': {
      const { actionPointId, roundId, terms } = event.data;
      return {
        actionPointId,
        roundId,
        owner: terms.owner,
        deadline: terms.deadline,
        priority: terms.priority,
        themes: [...terms.themes],
        conventions: [...terms.conventions],
      };
    }
    case 'ActionPointAgreed':
    case 'ActionPointWithdrawn':
      return { actionPointId: event.data.actionPointId };
    case 'ActionPointAmended':
      return amendedSummary(event);
    case 'ProgressReported': {
      const { actionPointId, reportId, reportedOn, evidenceLinks } = event.data;
      return { actionPointId, reportId, reportedOn, evidenceLinks: evidenceLinks.length };
    }
    case 'ActionPointAssessed':
      return { actionPointId: event.data.actionPointId, assessment: event.data.assessment };
    case 'ActionPointCarriedOver': {
      const { actionPointId, fromRoundId, toRoundId, roundsCarried } = event.data;
      return { actionPointId, fromRoundId, toRoundId, roundsCarried };
    }
    case 'RoundClosed': {
      const { roundId, carriedOver, nextRoundId } = event.data;
      return { roundId, carriedOver: carriedOver.length, ...(nextRoundId !== undefined ? { nextRoundId } : {}) };
    }
    case 'CycleClosed':
    case 'CycleCancelled':
      return {};
    case 'GspStageRecorded': {
      const { stage, on, repliesDueOn } = event.data;
      return { stage, on, ...(repliesDueOn !== undefined ? { repliesDueOn } : {}) };
    }
    case 'WithdrawalInitiated':
      return { initiatedOn: event.data.milestones.initiatedOn, decisionDueOn: event.data.milestones.decisionDueOn };
    case 'WithdrawalDecisionRecorded':
      return { decidedOn: event.data.decidedOn, withdrawn: event.data.withdrawn };
    case 'ReminderSent': {
      const { subject, kind, offset, recipientRole, deadline } = event.data;
      return { subject: { ...subject }, kind, offset, recipientRole, deadline };
    }
    default:
      return {};
  }
}

function amendedSummary(event: CycleEventOf<'ActionPointAmended'>): Record<string, unknown> {
  const { actionPointId, changes } = event.data;
  // Names of the changed terms; values only for codes and dates.
  return {
    actionPointId,
    changed: Object.keys(changes).sort(),
    ...(changes.deadline !== undefined ? { deadline: changes.deadline } : {}),
    ...(changes.owner !== undefined ? { owner: changes.owner } : {}),
    ...(changes.priority !== undefined ? { priority: changes.priority } : {}),
  };
}
