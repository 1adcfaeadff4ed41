import { createLogger } from '@suivi/logging';
import type { BatchApplier } from '../batch-processor';
import type { DeadLetterSink, PoisonMessage } from '../dead-letters';
import { emptyCycleRows, projectEvents, type CycleRows } from '../projection';
import type { BatchOutcome, CycleOutcome, RepairMark } from '../read-model.repository';
import { planCycle, type PendingEvent } from '../sequence-plan';

/** The repository's contract in memory: positions per cycle, rows by projection, one "transaction" per call. */
export class InMemoryReadModel implements BatchApplier {
  readonly positions = new Map<string, number>();
  readonly rows = new Map<string, CycleRows>();
  readonly repairs = new Map<string, RepairMark>();
  failNext: Error | undefined;
  /** An error the "database" raises, rolling the whole call back, when an event to apply matches (a data error). */
  refuse: ((event: PendingEvent['event']) => Error | undefined) | undefined;
  batches = 0;

  async applyBatch(pendingByCycle: ReadonlyMap<string, readonly PendingEvent[]>): Promise<BatchOutcome> {
    this.batches += 1;
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    const sorted = [...pendingByCycle].sort(([a], [b]) => a.localeCompare(b));
    // All or nothing, like a transaction: the refusal is checked before anything is written.
    for (const [cycleId, pending] of sorted) {
      if (this.repairs.has(cycleId)) continue;
      for (const p of planCycle(this.positions.get(cycleId) ?? 0, pending).apply) {
        const error = this.refuse?.(p.event);
        if (error) throw error;
      }
    }
    const cycles: CycleOutcome[] = [];
    for (const [cycleId, pending] of sorted) {
      const last = this.positions.get(cycleId) ?? 0;
      const plan = planCycle(last, pending);
      const repair = this.repairs.get(cycleId) ?? null;
      if (repair) {
        cycles.push({
          cycleId,
          lastSequence: last,
          applied: 0,
          duplicates: plan.duplicates.length,
          held: [],
          gap: null,
          repair,
          frozen: [...plan.apply, ...plan.held],
        });
        continue;
      }
      if (plan.apply.length > 0) {
        const events = plan.apply.map((p) => p.event);
        this.rows.set(cycleId, projectEvents(this.rows.get(cycleId) ?? emptyCycleRows(), events).rows);
        this.positions.set(cycleId, events[events.length - 1].sequence);
      }
      cycles.push({
        cycleId,
        lastSequence: this.positions.get(cycleId) ?? 0,
        applied: plan.apply.length,
        duplicates: plan.duplicates.length,
        held: plan.held,
        gap: plan.gap,
        repair: null,
        frozen: [],
      });
    }
    return { schema: 'memory', cycles };
  }

  async markNeedsRepair(cycleId: string, sequence: number, reason: string): Promise<RepairMark> {
    const mark = this.repairs.get(cycleId) ?? { sequence, reason, since: new Date() };
    this.repairs.set(cycleId, mark);
    return mark;
  }
}

/** An error as node-postgres reports one of the server's, with its SQLSTATE. */
export function databaseError(code: string, message = 'refused', fields: Record<string, string> = {}): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR', ...fields });
}

export class RecordingDeadLetters implements DeadLetterSink {
  readonly sent: PoisonMessage[] = [];
  async send(poison: readonly PoisonMessage[]): Promise<void> {
    this.sent.push(...poison);
  }
  async close(): Promise<void> {
    return undefined;
  }
}

/** A pino logger whose lines the test can read. */
export function recordingLogger(): {
  logger: ReturnType<typeof createLogger>;
  lines: Array<Record<string, unknown>>;
} {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('projector-test', 'debug', {
    write: (line: string) => {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, lines };
}
