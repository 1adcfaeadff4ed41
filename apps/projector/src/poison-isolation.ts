import { dataErrorOf, type DataError } from './data-errors';
import type { BatchOutcome, CycleOutcome } from './read-model.repository';
import { compareOffsets, type PendingEvent } from './sequence-plan';

/** One transaction per call: the batch is written whole or not at all. */
export type ApplyBatch = (pendingByCycle: ReadonlyMap<string, readonly PendingEvent[]>) => Promise<BatchOutcome>;

/** An event the database refused for its data, the first of its cycle, and the cycle's events after it. */
export interface CycleFailure {
  cycleId: string;
  event: PendingEvent;
  error: DataError;
  /** The cycle's other events of the batch from the failed one on (sequence order): not applied. */
  rest: PendingEvent[];
}

export interface IsolatedOutcome extends BatchOutcome {
  /** Outcomes of the cycles written (for a failed cycle: of its events before the failure). */
  cycles: CycleOutcome[];
  failures: CycleFailure[];
  /** Transactions it took (1 when nothing failed). */
  transactions: number;
}

/**
 * Applies a batch in one transaction; if the database refuses it for its data (dataErrorOf),
 * finds the events at fault instead of failing the whole batch forever: the cycles are
 * bisected (halves applied in transactions of their own) down to the cycle that fails alone,
 * and that cycle's events are bisected in sequence order down to the first event that fails
 * on top of the ones before it. Everything else is applied; each failed cycle is reported
 * with its failing event and the events after it, none of them written.
 *
 * Any other error (connection lost, server restarting...) is thrown as it is: the caller
 * reads the batch again later, and what the isolation had already written comes back as
 * duplicates (every transaction is idempotent).
 */
export async function applyIsolatingPoison(
  apply: ApplyBatch,
  pendingByCycle: ReadonlyMap<string, readonly PendingEvent[]>,
  onIsolating?: (error: DataError) => void,
): Promise<IsolatedOutcome> {
  let transactions = 1;
  let failure: DataError;
  try {
    const outcome = await apply(pendingByCycle);
    return { ...outcome, failures: [], transactions };
  } catch (error) {
    const dataError = dataErrorOf(error);
    if (!dataError) throw error;
    onIsolating?.(dataError);
    failure = dataError;
  }

  let schema = '';
  const outcomes: CycleOutcome[] = [];
  const failures: CycleFailure[] = [];
  /** One transaction: null when written, the data error when refused; any other error is thrown. */
  const attempt = async (pending: ReadonlyMap<string, readonly PendingEvent[]>): Promise<DataError | null> => {
    transactions += 1;
    try {
      const outcome = await apply(pending);
      schema = outcome.schema;
      outcomes.push(...outcome.cycles);
      return null;
    } catch (error) {
      const dataError = dataErrorOf(error);
      if (!dataError) throw error;
      return dataError;
    }
  };

  /**
   * The first event of `events` (one cycle, sequence order) that fails on top of the ones
   * before it, which are written meanwhile; null if they all pass. `known`: the error they
   * are already known to fail with together, which saves trying them again.
   */
  const firstBad = async (
    cycleId: string,
    events: PendingEvent[],
    known: DataError | null,
  ): Promise<{ index: number; error: DataError } | null> => {
    const error = known ?? (await attempt(new Map([[cycleId, events]])));
    if (!error) return null;
    if (events.length === 1) return { index: 0, error };
    const middle = Math.ceil(events.length / 2);
    const first = await firstBad(cycleId, events.slice(0, middle), null);
    if (first) return first;
    const second = await firstBad(cycleId, events.slice(middle), null);
    return second ? { index: middle + second.index, error: second.error } : null;
  };

  /** Cycles known to fail together with `error`. */
  const isolateCycles = async (cycleIds: string[], error: DataError): Promise<void> => {
    if (cycleIds.length === 1) {
      const cycleId = cycleIds[0];
      const events = [...(pendingByCycle.get(cycleId) ?? [])].sort(
        (a, b) => a.event.sequence - b.event.sequence || compareOffsets(a.offset, b.offset),
      );
      const bad = await firstBad(cycleId, events, error);
      if (bad) {
        failures.push({ cycleId, event: events[bad.index], error: bad.error, rest: events.slice(bad.index + 1) });
      }
      return;
    }
    const middle = Math.ceil(cycleIds.length / 2);
    for (const half of [cycleIds.slice(0, middle), cycleIds.slice(middle)]) {
      const halfError = await attempt(new Map(half.map((id) => [id, pendingByCycle.get(id) ?? []])));
      if (halfError) await isolateCycles(half, halfError);
    }
  };

  await isolateCycles([...pendingByCycle.keys()].sort(), failure);
  return { schema, cycles: mergeByCycle(outcomes), failures, transactions };
}

/** One outcome per cycle from the outcomes of several transactions, in the order they ran. */
function mergeByCycle(outcomes: readonly CycleOutcome[]): CycleOutcome[] {
  const merged = new Map<string, CycleOutcome>();
  for (const outcome of outcomes) {
    const before = merged.get(outcome.cycleId);
    if (!before) {
      merged.set(outcome.cycleId, { ...outcome, held: [...outcome.held], frozen: [...outcome.frozen] });
      continue;
    }
    before.lastSequence = Math.max(before.lastSequence, outcome.lastSequence);
    before.applied += outcome.applied;
    before.duplicates += outcome.duplicates;
    before.held.push(...outcome.held);
    before.gap = before.gap ?? outcome.gap;
    before.repair = before.repair ?? outcome.repair;
    before.frozen.push(...outcome.frozen);
  }
  return [...merged.values()];
}
