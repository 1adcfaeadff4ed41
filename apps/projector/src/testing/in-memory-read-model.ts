import { createLogger } from '@suivi/logging';
import type { BatchApplier } from '../batch-processor';
import type { DeadLetterSink, PoisonMessage } from '../dead-letters';
import { emptyCycleRows, projectEvents, type CycleRows } from '../projection';
import type { BatchOutcome, CycleOutcome } from '../read-model.repository';
import { planCycle, type PendingEvent } from '../sequence-plan';

/** The repository's contract in memory: positions per cycle, rows by projection, one "transaction" per call. */
export class InMemoryReadModel implements BatchApplier {
  readonly positions = new Map<string, number>();
  readonly rows = new Map<string, CycleRows>();
  failNext: Error | undefined;
  batches = 0;

  async applyBatch(pendingByCycle: ReadonlyMap<string, readonly PendingEvent[]>): Promise<BatchOutcome> {
    this.batches += 1;
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    const cycles: CycleOutcome[] = [];
    for (const [cycleId, pending] of [...pendingByCycle].sort(([a], [b]) => a.localeCompare(b))) {
      const last = this.positions.get(cycleId) ?? 0;
      const plan = planCycle(last, pending);
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
      });
    }
    return { schema: 'memory', cycles };
  }
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
