import type { ActionPointTerms, CycleEvent } from '@suivi/domain';
import type { ActionPointRow, CycleRow, RoundRow, TimelineRow } from './read-model-rows';

// The fold's working copy of a cycle's rows (projection.ts): copy-on-write helpers, so a batch of
// events costs one copy per changed row.

/** The rows of one cycle while a fold runs: the records are its own copies, the rows copied on first change. */
export interface Draft {
  cycle: CycleRow | null;
  rounds: Record<string, RoundRow>;
  actionPoints: Record<string, ActionPointRow>;
  ownsCycle: boolean;
  /** Rows changed by this fold, hence copies it owns and may change in place. */
  changedRounds: Set<string>;
  changedActionPoints: Set<string>;
  timeline: TimelineRow[];
}

/** The cycle row, owned by the fold (null when the cycle was never started). */
export function ownCycle(draft: Draft): CycleRow | null {
  if (draft.cycle && !draft.ownsCycle) {
    draft.cycle = { ...draft.cycle };
    draft.ownsCycle = true;
  }
  return draft.cycle;
}

/** The round, owned by the fold and stamped with the event; undefined when the cycle has no such round. */
export function changeRound(draft: Draft, roundId: string, event: CycleEvent): RoundRow | undefined {
  let round = draft.rounds[roundId] as RoundRow | undefined;
  if (!round) return undefined;
  if (!draft.changedRounds.has(roundId)) {
    round = { ...round };
    draft.rounds[roundId] = round;
    draft.changedRounds.add(roundId);
  }
  round.version = event.sequence;
  round.updated_at = event.occurredAt;
  return round;
}

/** The action point, owned by the fold and stamped with the event; undefined when the cycle has no such action point. */
export function changeActionPoint(draft: Draft, actionPointId: string, event: CycleEvent): ActionPointRow | undefined {
  let actionPoint = draft.actionPoints[actionPointId] as ActionPointRow | undefined;
  if (!actionPoint) return undefined;
  if (!draft.changedActionPoints.has(actionPointId)) {
    actionPoint = { ...actionPoint };
    draft.actionPoints[actionPointId] = actionPoint;
    draft.changedActionPoints.add(actionPointId);
  }
  actionPoint.version = event.sequence;
  actionPoint.updated_at = event.occurredAt;
  return actionPoint;
}

export function termColumns(terms: Partial<ActionPointTerms>): Partial<ActionPointRow> {
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
