import type { IHeaders } from 'kafkajs';
import type { Logger } from 'pino';
import { decodeCycleLogMessage } from '@suivi/contracts';
import { describeDataError } from './data-errors';
import type { DeadLetterSink, PoisonMessage } from './dead-letters';
import { applyIsolatingPoison, type IsolatedOutcome } from './poison-isolation';
import type { ProjectorMetrics } from './projector-metrics';
import type { BatchOutcome, RepairMark } from './read-model.repository';
import { compareOffsets, minOffset, type PendingEvent, type SequenceGap } from './sequence-plan';

export interface IncomingMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

/** The part of the repository the processor needs: one transaction per batch, and repair marks. */
export interface BatchApplier {
  applyBatch(pendingByCycle: ReadonlyMap<string, readonly PendingEvent[]>): Promise<BatchOutcome>;
  /**
   * Marks a cycle as needing repair at the event `sequence` the database refused for its data:
   * from then on applyBatch neither applies nor holds its later events (they come back as
   * `frozen`). Idempotent; the first mark stays. Returns the mark in force.
   */
  markNeedsRepair(cycleId: string, sequence: number, reason: string): Promise<RepairMark>;
}

/** The dead-letter detail of an event not applied because its cycle needs repair: codes only. */
export function heldForRepairDetail(mark: Pick<RepairMark, 'sequence' | 'reason'>): string {
  return `CYCLE_NEEDS_REPAIR: held since sequence ${mark.sequence} (${mark.reason})`;
}

export interface BatchResult {
  /**
   * The offset to commit for the partition: every message before it is applied, skipped as
   * a duplicate or dead-lettered. Held events keep it at the first of them, so a restart
   * re-reads them. Null when nothing was consumed yet.
   */
  commitOffset: string | null;
  applied: number;
  duplicates: number;
  deadLettered: number;
  /** Events held back in this partition after gaps. */
  held: number;
}

interface PartitionState {
  /** Events after a gap, per cycle, kept in memory (not committed) until the gap closes. */
  held: Map<string, PendingEvent[]>;
  /** The messages of the held events, by offset (dead-lettered as they came if their cycle turns out to need repair). */
  heldMessages: Map<string, IncomingMessage>;
  gaps: Map<string, SequenceGap>;
  /** One past the last offset consumed. */
  nextOffset: string | null;
}

/**
 * Turns a batch of one partition of the cycle log into one read-model transaction.
 * Poison messages go to the dead letters first; then, per cycle, consecutive events are
 * applied and events after a gap are held in memory while consumption goes on, so one
 * stuck cycle never blocks the others of its partition. The committed offset stays at
 * the first held event: a crash or rebalance re-reads them, nothing is lost.
 *
 * An event the database refuses for its data (SQLSTATE class 22 or 23) poisons its own
 * cycle only (ADR 0014): the batch is bisected down to it (applyIsolatingPoison), the rest
 * is applied, the cycle is marked as needing repair and stays at its last good version,
 * and that event and the cycle's later ones go to the dead letters, so the offsets move on.
 */
export class BatchProcessor {
  private readonly partitions = new Map<number, PartitionState>();
  private readonly locks = new Map<number, Promise<unknown>>();
  private assignment = 0;

  constructor(
    private readonly deps: {
      topic: string;
      repository: BatchApplier;
      deadLetters: DeadLetterSink;
      logger: Logger;
      metrics?: ProjectorMetrics;
    },
  ) {}

  /** Runs `work` after any other work on the same partition (batches and retries never overlap). */
  exclusive<T>(partition: number, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(partition) ?? Promise.resolve();
    const run = previous.then(work, work);
    this.locks.set(
      partition,
      run.catch(() => undefined),
    );
    return run;
  }

  /** Counts resets: work begun under an earlier assignment must not move the state of the current one. */
  get assignmentEpoch(): number {
    return this.assignment;
  }

  async process(partition: number, messages: readonly IncomingMessage[]): Promise<BatchResult> {
    const epoch = this.assignment;
    const state = this.stateOf(partition);
    const pending = new Map<string, PendingEvent[]>([...state.held].map(([cycleId, held]) => [cycleId, [...held]]));
    const sources = new Map(state.heldMessages);
    const poison: PoisonMessage[] = [];
    for (const message of messages) {
      const decoded = decodeCycleLogMessage(message);
      if (decoded.ok) {
        const list = pending.get(decoded.event.cycleId) ?? [];
        list.push({ event: decoded.event, offset: message.offset });
        pending.set(decoded.event.cycleId, list);
        sources.set(message.offset, message);
      } else {
        poison.push({ ...message, topic: this.deps.topic, partition, reason: decoded.reason, detail: decoded.detail });
      }
    }

    // Dead letters are acknowledged before the offset moves past them.
    await this.sendDeadLetters(partition, poison);

    const outcome: IsolatedOutcome =
      pending.size > 0
        ? await applyIsolatingPoison(
            (batch) => this.deps.repository.applyBatch(batch),
            pending,
            (error) =>
              this.deps.logger.warn(
                { partition, sqlState: error.sqlState, cycles: pending.size },
                'batch refused by the database for its data: isolating the events at fault',
              ),
          )
        : { schema: '', cycles: [], failures: [], transactions: 0 };

    // Cycles with an event the database refused: marked (in the read model) before anything is dead-lettered.
    const refused: PoisonMessage[] = [];
    const failedCycles = new Set<string>();
    for (const failure of outcome.failures) {
      const reason = describeDataError(failure.error);
      const mark = await this.deps.repository.markNeedsRepair(failure.cycleId, failure.event.event.sequence, reason);
      failedCycles.add(failure.cycleId);
      this.deps.logger.error(
        {
          cycleId: failure.cycleId,
          sequence: failure.event.event.sequence,
          partition,
          offset: failure.event.offset,
          sqlState: failure.error.sqlState,
          heldEvents: failure.rest.length,
        },
        'event refused by the read model for its data: cycle marked as needing repair, its later events held',
      );
      refused.push(this.refusal(partition, failure.event, sources, reason));
      for (const later of failure.rest)
        refused.push(this.refusal(partition, later, sources, heldForRepairDetail(mark)));
    }
    for (const cycle of outcome.cycles) {
      if (!cycle.repair) continue;
      for (const frozen of cycle.frozen) {
        // The refused event itself, delivered again (a restart before the commit), keeps its own reason.
        const detail =
          frozen.event.sequence === cycle.repair.sequence ? cycle.repair.reason : heldForRepairDetail(cycle.repair);
        refused.push(this.refusal(partition, frozen, sources, detail));
      }
    }

    if (epoch !== this.assignment) {
      // A rebalance happened meanwhile: consumption restarts from the committed offsets, and
      // the transaction (idempotent) is simply applied again if need be.
      return { commitOffset: null, applied: 0, duplicates: 0, deadLettered: poison.length, held: 0 };
    }
    refused.sort((x, y) => compareOffsets(x.offset, y.offset));
    await this.sendDeadLetters(partition, refused);

    // The transaction committed: only now does the in-memory state move.
    const held = new Map<string, PendingEvent[]>();
    const gaps = new Map<string, SequenceGap>();
    let applied = 0;
    let duplicates = 0;
    for (const cycle of outcome.cycles) {
      applied += cycle.applied;
      duplicates += cycle.duplicates;
      if (cycle.held.length > 0) held.set(cycle.cycleId, cycle.held);
      if (failedCycles.has(cycle.cycleId) || cycle.repair) continue;
      const before = state.gaps.get(cycle.cycleId);
      if (cycle.gap) {
        gaps.set(cycle.cycleId, cycle.gap);
        if (!before || before.expected !== cycle.gap.expected || before.received !== cycle.gap.received) {
          this.deps.metrics?.gaps.inc();
          this.deps.logger.warn(
            {
              cycleId: cycle.cycleId,
              expectedSequence: cycle.gap.expected,
              receivedSequence: cycle.gap.received,
              partition,
              heldEvents: cycle.held.length,
            },
            'gap in a cycle event sequence: later events held back until the missing ones arrive',
          );
        }
      } else if (before) {
        this.deps.logger.info(
          { cycleId: cycle.cycleId, partition, lastSequence: cycle.lastSequence },
          'gap in a cycle event sequence closed',
        );
      }
    }
    state.held = held;
    state.heldMessages = new Map(
      [...held.values()]
        .flatMap((list) => list.map((p) => [p.offset, sources.get(p.offset)] as const))
        .filter((entry): entry is readonly [string, IncomingMessage] => entry[1] !== undefined),
    );
    state.gaps = gaps;
    const last = messages[messages.length - 1];
    if (last) state.nextOffset = (BigInt(last.offset) + 1n).toString();

    this.deps.metrics?.eventsApplied.inc(applied);
    this.deps.metrics?.duplicatesSkipped.inc(duplicates);
    this.deps.metrics?.cyclesWaiting.set(this.waitingCycles());

    const heldOffsets = [...held.values()].flatMap((list) => list.map((p) => p.offset));
    const commitOffset = minOffset(state.nextOffset === null ? heldOffsets : [...heldOffsets, state.nextOffset]);
    return {
      commitOffset,
      applied,
      duplicates,
      deadLettered: poison.length + refused.length,
      held: heldOffsets.length,
    };
  }

  private async sendDeadLetters(partition: number, letters: readonly PoisonMessage[]): Promise<void> {
    if (letters.length === 0) return;
    await this.deps.deadLetters.send(letters);
    for (const p of letters) {
      this.deps.metrics?.deadLetters.inc({ reason: p.reason });
      this.deps.logger.warn(
        { topic: p.topic, partition, offset: p.offset, reason: p.reason, detail: p.detail },
        'poison message sent to the dead-letter topic',
      );
    }
  }

  /** The dead letter of an event not applied because its cycle needs repair: the message as it came. */
  private refusal(
    partition: number,
    pending: PendingEvent,
    sources: ReadonlyMap<string, IncomingMessage>,
    detail: string,
  ): PoisonMessage {
    const source = sources.get(pending.offset) ?? {
      // Not expected (every pending event came with its message); the event as the worker publishes it.
      offset: pending.offset,
      timestamp: '',
      key: Buffer.from(pending.event.cycleId),
      value: Buffer.from(
        JSON.stringify({ id: `${pending.event.cycleId}:${pending.event.sequence}`, ...pending.event }),
      ),
      headers: {},
    };
    return { ...source, topic: this.deps.topic, partition, reason: 'PROCESSING_FAILED', detail };
  }

  /** Tries the held events of a partition again, without new messages (a missing event may have been applied meanwhile). */
  retryHeld(partition: number): Promise<BatchResult> {
    return this.process(partition, []);
  }

  /** Partitions with events held back. */
  partitionsWaiting(): number[] {
    return [...this.partitions].filter(([, state]) => state.held.size > 0).map(([partition]) => partition);
  }

  waitingCycles(): number {
    let count = 0;
    for (const state of this.partitions.values()) count += state.held.size;
    return count;
  }

  /** Current gaps, per cycle. */
  gaps(): Map<string, SequenceGap> {
    const all = new Map<string, SequenceGap>();
    for (const state of this.partitions.values()) for (const [cycleId, gap] of state.gaps) all.set(cycleId, gap);
    return all;
  }

  /** One past the last offset consumed, per partition. */
  consumedOffsets(): Map<number, string> {
    const offsets = new Map<number, string>();
    for (const [partition, state] of this.partitions)
      if (state.nextOffset !== null) offsets.set(partition, state.nextOffset);
    return offsets;
  }

  /** After a rebalance, consumption restarts from the committed offsets: held events will be delivered again. */
  reset(): void {
    this.assignment += 1;
    this.partitions.clear();
    this.deps.metrics?.cyclesWaiting.set(0);
  }

  private stateOf(partition: number): PartitionState {
    let state = this.partitions.get(partition);
    if (!state) {
      state = { held: new Map(), heldMessages: new Map(), gaps: new Map(), nextOffset: null };
      this.partitions.set(partition, state);
    }
    return state;
  }
}
