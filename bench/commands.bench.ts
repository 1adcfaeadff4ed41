import { randomUUID } from 'node:crypto';
import { finishSignal, noopUpdate } from '@suivi/workflows';
import { Topics, followTopic, withBenchStack } from './support/bench-stack';
import { metadata, proposeActionPoint, startCycle, utcDate } from './support/cycle-commands';
import { log, percentile, pool, printFigures, round } from './support/figures';

const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
const DURATION_MS = Number(process.env['BENCH_DURATION_SEC'] ?? 30) * 1000;
const WARMUP_MS = 5000;
// Cycle option under test; unset uses the workflow's default.
const PUBLISH_DELAY_MS = process.env['BENCH_PUBLISH_DELAY_MS']
  ? Number(process.env['BENCH_PUBLISH_DELAY_MS'])
  : undefined;

/** Runs one loop per lane until the deadline; returns completions counted after warm-up. */
async function drive(lanes: number, step: (lane: number, n: number) => Promise<void>): Promise<number> {
  const warmEnd = Date.now() + WARMUP_MS;
  const end = warmEnd + DURATION_MS;
  let counted = 0;
  await pool(
    Array.from({ length: lanes }, (_, i) => i),
    lanes,
    async (lane) => {
      for (let n = 0; Date.now() < end; n++) {
        await step(lane, n);
        if (Date.now() > warmEnd && Date.now() <= end) counted++;
      }
    },
  );
  return counted;
}

void withBenchStack(async ({ client, cycles, taskQueue, kafka }) => {
  log(`baseline: no-op Workflow Updates, ${CONCURRENCY} workflows, ${DURATION_MS / 1000} s`);
  const noops = await Promise.all(
    Array.from({ length: CONCURRENCY }, () =>
      client.workflow.start('noopUpdateWorkflow', { taskQueue, workflowId: `noop-${randomUUID()}`, args: [] }),
    ),
  );
  const rawCount = await drive(CONCURRENCY, async (lane, n) => {
    await noops[lane].executeUpdate(noopUpdate, { args: [n] });
  });
  await Promise.all(noops.map((h) => h.signal(finishSignal)));
  const rawUpdatesPerSec = rawCount / (DURATION_MS / 1000);

  log(`Suivi: cycle commands (propose, agree) on ${CONCURRENCY} cycles, ${DURATION_MS / 1000} s`);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const stopFollowing = await followTopic(kafka, Topics.cycleLog, (value, receivedAt) => {
    const { commandId } = JSON.parse(value) as { commandId: string };
    const sent = sentAt.get(commandId);
    if (sent !== undefined) {
      latencies.push(receivedAt - sent);
      sentAt.delete(commandId);
    }
  });
  const cycleIds = Array.from({ length: CONCURRENCY }, () => `bench-${randomUUID().slice(0, 12)}`);
  const deadline = utcDate(Date.now() + 60 * 86_400_000);
  await pool(cycleIds, 8, async (cycleId) => {
    await cycles.start(startCycle(cycleId), metadata(), { publishDelayMs: PUBLISH_DELAY_MS }, [
      { command: { type: 'ScheduleRound', roundId: 'R1', date: utcDate(Date.now()) }, metadata: metadata() },
    ]);
  });
  const commandCount = await drive(CONCURRENCY, async (lane, n) => {
    const actionPointId = `AP${Math.floor(n / 2)}`;
    const command =
      n % 2 === 0
        ? proposeActionPoint(actionPointId, deadline)
        : ({ type: 'AgreeActionPoint', actionPointId } as const);
    const meta = metadata();
    sentAt.set(meta.commandId, Date.now());
    await cycles.execute(cycleIds[lane], { command, metadata: meta });
  });
  // Let the last events arrive before reading latencies.
  const drainUntil = Date.now() + 30_000;
  while (sentAt.size > 0 && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 200));
  await stopFollowing();
  const commandsPerSec = commandCount / (DURATION_MS / 1000);
  printFigures('commands', {
    commandsPerSec: round(commandsPerSec),
    rawUpdatesPerSec: round(rawUpdatesPerSec),
    ratio: round(commandsPerSec / rawUpdatesPerSec, 2),
    commandToEventP50Ms: round(percentile(latencies, 50)),
    commandToEventP99Ms: round(percentile(latencies, 99)),
    eventsMatched: latencies.length,
    concurrency: CONCURRENCY,
    durationSec: DURATION_MS / 1000,
  });
}).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
