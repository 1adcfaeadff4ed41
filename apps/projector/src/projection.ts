import { eventId } from '@suivi/cycle-workflow-api';
import { statusAfterProgressReport, type CycleEvent, type CycleEventOf } from '@suivi/domain';
import { changeActionPoint, changeRound, ownCycle, termColumns, type Draft } from './projection-draft';
import type { CycleRows, Projected, RowChange, TimelineRow } from './read-model-rows';

export * from './read-model-rows';

/**
 * The pure projection of events onto the rows of their cycle. The status rules it shares with
 * the domain's `evolve` come from the domain (e.g. statusAfterProgressReport); an event naming a
 * round or action point the cycle does not have (impossible in a consistent history) only
 * advances the version and the timeline. Every event type has its case: a new one does not
 * compile until it is projected.
 */

/** (rows of the cycle, next event) → rows after it and the row changes to write. Never mutates its inputs. */
export function projectEvent(rows: CycleRows, event: CycleEvent): Projected {
  return projectEvents(rows, [event]);
}

/**
 * Folds several events of one cycle, in the given order. Returns the timeline row of every
 * event and each changed row once, in its state after the last event. Never mutates its
 * inputs: a row is copied the first time an event changes it, and that copy (owned by this
 * fold) takes the later changes, so a batch of events costs one copy per changed row.
 */
export function projectEvents(rows: CycleRows, events: readonly CycleEvent[]): Projected {
  const draft: Draft = {
    cycle: rows.cycle,
    rounds: { ...rows.rounds },
    actionPoints: { ...rows.actionPoints },
    ownsCycle: false,
    changedRounds: new Set(),
    changedActionPoints: new Set(),
    timeline: [],
  };
  for (const event of events) applyEvent(draft, event);
  const changes: RowChange[] = draft.timeline.map((row) => ({ kind: 'insert', table: 'timeline', row }));
  for (const id of draft.changedRounds) changes.push({ kind: 'upsert', table: 'rounds', row: draft.rounds[id] });
  for (const id of draft.changedActionPoints) {
    changes.push({ kind: 'upsert', table: 'action_points', row: draft.actionPoints[id] });
  }
  // Every event moves the cycle's version, whatever else it changed.
  if (draft.cycle && events.length > 0) changes.push({ kind: 'upsert', table: 'cycles', row: draft.cycle });
  return { rows: { cycle: draft.cycle, rounds: draft.rounds, actionPoints: draft.actionPoints }, changes };
}

function applyEvent(draft: Draft, event: CycleEvent): void {
  draft.timeline.push(timelineRow(event, projectOnto(draft, event)));
  // Every event moves the cycle's version, whatever else it changed.
  const cycle = ownCycle(draft);
  if (cycle) {
    cycle.version = event.sequence;
    cycle.updated_at = event.occurredAt;
  }
}

/**
 * Applies one event to the rows and returns its timeline summary: ids, codes, dates and counts.
 * Free text (titles, action point text, reasons, progress reports, comments) is left out of the
 * summary: it may name people at risk of reprisals, and the timeline is what auditors and
 * dashboards skim. One case per event type, rows and summary together.
 */
function projectOnto(draft: Draft, event: CycleEvent): Record<string, unknown> {
  switch (event.type) {
    case 'CycleStarted': {
      const { cycleType, country, title, timeZone } = event.data;
      const previous = draft.cycle;
      draft.cycle = {
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
      };
      draft.ownsCycle = true;
      return { cycleType, country, timeZone };
    }
    case 'RoundScheduled': {
      const { roundId, date, title } = event.data;
      const position = (draft.cycle?.rounds_scheduled ?? Object.keys(draft.rounds).length) + 1;
      draft.rounds[roundId] = {
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
      draft.changedRounds.add(roundId);
      const cycle = ownCycle(draft);
      if (cycle) cycle.rounds_scheduled = position;
      return { roundId, date };
    }
    case 'RoundHeld': {
      const round = changeRound(draft, event.data.roundId, event);
      if (round) {
        round.status = 'HELD';
        round.held_on = event.data.heldOn;
      }
      return { roundId: event.data.roundId, heldOn: event.data.heldOn };
    }
    case 'RoundClosed': {
      const { roundId, carriedOver, nextRoundId } = event.data;
      const round = changeRound(draft, roundId, event);
      if (round) {
        round.status = 'CLOSED';
        round.closed_at = event.occurredAt;
        round.carried_over = [...carriedOver];
        round.next_round_id = nextRoundId ?? null;
      }
      return { roundId, carriedOver: carriedOver.length, ...(nextRoundId !== undefined ? { nextRoundId } : {}) };
    }
    case 'ActionPointProposed': {
      const { actionPointId, roundId, terms } = event.data;
      draft.actionPoints[actionPointId] = {
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
        case_ref: null,
        case_attached_at: null,
        case_erased_at: null,
        case_erased_by_role: null,
        case_erased_by_user: null,
        version: event.sequence,
        updated_at: event.occurredAt,
      };
      draft.changedActionPoints.add(actionPointId);
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
    case 'ActionPointAgreed': {
      const actionPoint = changeActionPoint(draft, event.data.actionPointId, event);
      if (actionPoint) {
        actionPoint.status = 'AGREED';
        actionPoint.agreed_at = event.occurredAt;
      }
      return { actionPointId: event.data.actionPointId };
    }
    case 'ActionPointAmended': {
      const actionPoint = changeActionPoint(draft, event.data.actionPointId, event);
      if (actionPoint) Object.assign(actionPoint, termColumns(event.data.changes));
      return amendedSummary(event.data);
    }
    case 'ActionPointWithdrawn': {
      const actionPoint = changeActionPoint(draft, event.data.actionPointId, event);
      if (actionPoint) {
        actionPoint.status = 'WITHDRAWN';
        actionPoint.withdrawn_at = event.occurredAt;
        actionPoint.withdrawal_reason = event.data.reason;
      }
      return { actionPointId: event.data.actionPointId };
    }
    case 'ProgressReported': {
      const { actionPointId, reportId, reportedOn, evidenceLinks } = event.data;
      const actionPoint = changeActionPoint(draft, actionPointId, event);
      if (actionPoint) {
        actionPoint.status = statusAfterProgressReport(actionPoint.status);
        actionPoint.progress_reports += 1;
        if (!(actionPoint.last_progress_on && actionPoint.last_progress_on > reportedOn)) {
          actionPoint.last_progress_on = reportedOn;
        }
      }
      return { actionPointId, reportId, reportedOn, evidenceLinks: evidenceLinks.length };
    }
    case 'ActionPointAssessed': {
      const { assessment, comment } = event.data;
      const actionPoint = changeActionPoint(draft, event.data.actionPointId, event);
      if (actionPoint) {
        actionPoint.status = assessment;
        actionPoint.assessment = assessment;
        actionPoint.assessment_comment = comment ?? null;
        actionPoint.assessed_at = event.occurredAt;
      }
      return { actionPointId: event.data.actionPointId, assessment };
    }
    case 'ActionPointCarriedOver': {
      const { actionPointId, fromRoundId, toRoundId, roundsCarried } = event.data;
      const actionPoint = changeActionPoint(draft, actionPointId, event);
      if (actionPoint) {
        actionPoint.round_id = toRoundId;
        actionPoint.rounds_carried = roundsCarried;
      }
      return { actionPointId, fromRoundId, toRoundId, roundsCarried };
    }
    case 'CycleClosed': {
      const cycle = ownCycle(draft);
      if (cycle) {
        cycle.status = 'CLOSED';
        cycle.closed_at = event.occurredAt;
        cycle.closing_reason = event.data.reason ?? null;
      }
      return {};
    }
    case 'CycleCancelled': {
      const cycle = ownCycle(draft);
      if (cycle) {
        cycle.status = 'CANCELLED';
        cycle.closed_at = event.occurredAt;
        cycle.closing_reason = event.data.reason;
      }
      return {};
    }
    case 'GspStageRecorded': {
      const { stage, on, repliesDueOn } = event.data;
      const cycle = ownCycle(draft);
      if (cycle) {
        cycle.gsp_stages = { ...cycle.gsp_stages, [stage]: on };
        cycle.gsp_replies_due_on = repliesDueOn ?? cycle.gsp_replies_due_on;
      }
      return { stage, on, ...(repliesDueOn !== undefined ? { repliesDueOn } : {}) };
    }
    case 'WithdrawalInitiated': {
      const cycle = ownCycle(draft);
      if (cycle) cycle.withdrawal_milestones = { ...event.data.milestones };
      return { initiatedOn: event.data.milestones.initiatedOn, decisionDueOn: event.data.milestones.decisionDueOn };
    }
    case 'WithdrawalDecisionRecorded': {
      const { decidedOn, withdrawn, milestones } = event.data;
      const cycle = ownCycle(draft);
      if (cycle) {
        cycle.withdrawal_milestones = { ...milestones };
        cycle.withdrawal_decided_on = decidedOn;
        cycle.withdrawn = withdrawn;
      }
      return { decidedOn, withdrawn };
    }
    case 'IndividualCaseAttached': {
      const actionPoint = changeActionPoint(draft, event.data.actionPointId, event);
      if (actionPoint) {
        actionPoint.case_ref = event.data.caseRef;
        actionPoint.case_attached_at = event.occurredAt;
      }
      return { actionPointId: event.data.actionPointId, caseRef: event.data.caseRef };
    }
    case 'IndividualCaseErased': {
      const actionPoint = changeActionPoint(draft, event.data.actionPointId, event);
      if (actionPoint && actionPoint.case_ref === event.data.caseRef) {
        actionPoint.case_erased_at = event.occurredAt;
        actionPoint.case_erased_by_role = event.actor.role;
        actionPoint.case_erased_by_user = event.actor.userId;
      }
      return { actionPointId: event.data.actionPointId, caseRef: event.data.caseRef };
    }
    case 'ReminderSent': {
      const { subject, kind, offset, recipientRole, deadline } = event.data;
      if (subject.kind === 'ACTION_POINT') {
        const actionPoint = changeActionPoint(draft, subject.actionPointId, event);
        if (actionPoint) {
          actionPoint.reminders_sent += 1;
          actionPoint.last_reminder_at = event.occurredAt;
          actionPoint.escalated = actionPoint.escalated || kind === 'ESCALATION';
        }
      }
      return { subject: { ...subject }, kind, offset, recipientRole, deadline };
    }
    default:
      return unprojected(event);
  }
}

function timelineRow(event: CycleEvent, summary: Record<string, unknown>): TimelineRow {
  return {
    cycle_id: event.cycleId,
    sequence: event.sequence,
    event_id: eventId(event),
    event_type: event.type,
    occurred_at: event.occurredAt,
    actor_role: event.actor.role,
    actor_user_id: event.actor.userId,
    command_id: event.commandId,
    summary,
    event,
  };
}

/** A new event type without its projection does not compile. */
function unprojected(event: never): never {
  throw new Error(`no projection for ${(event as CycleEvent).type}`);
}

/** Names of the changed terms; values only for codes and dates. */
function amendedSummary({
  actionPointId,
  changes,
}: CycleEventOf<'ActionPointAmended'>['data']): Record<string, unknown> {
  return {
    actionPointId,
    changed: Object.keys(changes).sort(),
    ...(changes.deadline !== undefined ? { deadline: changes.deadline } : {}),
    ...(changes.owner !== undefined ? { owner: changes.owner } : {}),
    ...(changes.priority !== undefined ? { priority: changes.priority } : {}),
  };
}
