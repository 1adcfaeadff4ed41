import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { suiviHome } from '@suivi/test-support';
import { startChaosStack, stopChaosStack, waitUntilReady, type ChaosStack } from './support/chaos-stack';
import { chaosKafka, type Kafka } from './support/event-log-reader';
import { allFaults } from './support/faults';
import { runPhase, type PhaseFigures } from './support/phase';
import { selectByName } from './support/select-faults';

/**
 * Issue 19's chaos suite (ADR 0030): the chaos profile's replicated stack, started by the
 * launcher, under a steady load of keyed commands through HAProxy and reminders falling due,
 * takes each fault alone; after each, every accepted command's event is on the public log
 * once (after dropping copies by id) in per-cycle order without gaps, every due reminder fired
 * once, the read model equals a fresh rebuild from the log, and the API never answered a 5xx
 * other than 503. Ends with one JSON line of figures per fault.
 */

const log = (message: string) => process.stderr.write(`[chaos] ${message}\n`);

describe('the cluster under faults, each alone (chaos profile)', () => {
  const startedAt = Date.now();
  const figures: PhaseFigures[] = [];
  let chaos: ChaosStack | undefined;
  let kafka: Kafka;
  let pool: Pool;

  beforeAll(async () => {
    chaos = await startChaosStack();
    log(`stack ready after ${Math.round((Date.now() - startedAt) / 1000)} s`);
    kafka = chaosKafka(chaos.stack.env.KAFKA_BROKERS);
    pool = new Pool({ connectionString: chaos.stack.env.DATABASE_URL, max: 3 });
    // PostgreSQL's restart breaks the pool's idle connections; the pool replaces them.
    pool.on('error', () => undefined);
  }, 45 * 60_000);

  afterAll(async () => {
    const line = JSON.stringify({
      suite: 'chaos',
      durationSeconds: Math.round((Date.now() - startedAt) / 1000),
      faults: figures,
    });
    process.stdout.write(`${line}\n`);
    mkdirSync(join(suiviHome(), 'chaos'), { recursive: true });
    writeFileSync(join(suiviHome(), 'chaos', 'figures.json'), `${line}\n`);
    await pool?.end().catch(() => undefined);
    const output = chaos?.launched.output() ?? '';
    const code = await stopChaosStack(chaos);
    // Stopping must not look like a crash: nothing restarted after the signal.
    expect((chaos?.launched.output() ?? '').slice(output.length)).not.toMatch(/exited unexpectedly|restarted \(pid/);
    expect(code).toBe(0);
  }, 5 * 60_000);

  for (const fault of selectByName(allFaults, process.env['CHAOS_FAULTS'])) {
    it(
      `keeps every accepted command and due reminder exactly once, and answers 503 at worst: ${fault.name}`,
      async () => {
        const stack = chaos as ChaosStack;
        // Each fault alone: the stack is whole again before the next one starts.
        await waitUntilReady(stack.api);
        const { figures: phase, problems } = await runPhase({ chaos: stack, kafka, pool, log }, fault);
        figures.push(phase);
        log(`${fault.name}: ${JSON.stringify(phase)}`);
        expect(problems).toEqual([]);
      },
      20 * 60_000,
    );
  }
});
