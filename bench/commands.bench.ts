import { randomUUID } from 'node:crypto';
import { finishSignal, noopUpdate } from './support/baseline/baseline.workflows';
import { Topics, followTopic, withBenchStackAndBaseline } from './support/bench-stack';
import { metadata, proposeActionPoint, startCycle, utcDate } from './support/cycle-commands';
import { log, percentile, pool, printFigures, round } from './support/figures';

const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
const DURATION_MS = Number(process.env['BENCH_DURATION_SEC'] ?? 30) * 1000;
// Measured time per workload is split into this many alternating rounds (baseline, Suivi, baseline,
// ...), so that drift on a shared machine (and the server's growing database) weighs on both alike.
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
// Before anything is measured, both workloads run once, uncounted: the JIT of every process (the
// Kafka broker's included, which the baseline never touches) is warm for both measurements.
const WARMUP_MS = Number(process.env['BENCH_WARMUP_SEC'] ?? 10) * 1000;
// Each round's first second is not counted: lanes ramp up after the other workload's drained.
const RAMP_MS = 1000;
// Cycle option under test; unset uses the workflow's default.
const PUBLISH_DELAY_MS = process.env['BENCH_PUBLISH_DELAY_MS']
  ? Number(process.env['BENCH_PUBLISH_DELAY_MS'])
  : undefined;

/** Runs one loop per lane for `rampMs + countMs`; returns the completions counted after the ramp. */
async function drive(
  lanes: number,
  rampMs: number,
  countMs: number,
  step: (lane: number, counted: boolean) => Promise<void>,
): Promise<number> {
  const countFrom = Date.now() + rampMs;
  const end = countFrom + countMs;
  let counted = 0;
  await pool(
    Array.from({ length: lanes }, (_, i) => i),
    lanes,
    async (lane) => {
      while (Date.now() < end) {
        const inWindow = Date.now() >= countFrom;
        await step(lane, inWindow);
        if (inWindow && Date.now() <= end) counted++;
      }
    },
  );
  return counted;
}

void withBenchStackAndBaseline(async ({ client, cycles, baselineTaskQueue, kafka }) => {
  const noops = await Promise.all(
    Array.from({ length: CONCURRENCY }, () =>
      client.workflow.start('noopUpdateWorkflow', {
        taskQueue: baselineTaskQueue,
        workflowId: `noop-${randomUUID()}`,
        args: [],
      }),
    ),
  );
  const cycleIds = Array.from({ length: CONCURRENCY }, () => `bench-${randomUUID().slice(0, 12)}`);
  const deadline = utcDate(Date.now() + 60 * 86_400_000);
  await pool(cycleIds, 8, async (cycleId) => {
    await cycles.start(startCycle(cycleId), metadata(), { publishDelayMs: PUBLISH_DELAY_MS }, [
      { command: { type: 'ScheduleRound', roundId: 'R1', date: utcDate(Date.now()) }, metadata: metadata() },
    ]);
  });

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

  let noopCount = 0;
  const noopStep = async (lane: number) => {
    await noops[lane].executeUpdate(noopUpdate, { args: [noopCount++] });
  };
  // Each lane proposes an action point, then agrees it, on its own cycle.
  const commandsSent = new Array<number>(CONCURRENCY).fill(0);
  const commandStep = async (lane: number, measured: boolean) => {
    const n = commandsSent[lane]++;
    const actionPointId = `AP${Math.floor(n / 2)}`;
    const command =
      n % 2 === 0
        ? proposeActionPoint(actionPointId, deadline)
        : ({ type: 'AgreeActionPoint', actionPointId } as const);
    const meta = metadata();
    if (measured) sentAt.set(meta.commandId, Date.now());
    await cycles.execute(cycleIds[lane], { command, metadata: meta });
  };

  log(`warm-up: both workloads, ${WARMUP_MS / 1000} s each, not counted`);
  await drive(CONCURRENCY, WARMUP_MS, 0, commandStep);
  await drive(CONCURRENCY, WARMUP_MS, 0, noopStep);

  const roundMs = DURATION_MS / ROUNDS;
  let rawCount = 0;
  let commandCount = 0;
  for (let r = 1; r <= ROUNDS; r++) {
    log(`round ${r}/${ROUNDS}: no-op Workflow Updates on ${CONCURRENCY} workflows, ${roundMs / 1000} s`);
    rawCount += await drive(CONCURRENCY, RAMP_MS, roundMs, noopStep);
    log(`round ${r}/${ROUNDS}: cycle commands (propose, agree) on ${CONCURRENCY} cycles, ${roundMs / 1000} s`);
    commandCount += await drive(CONCURRENCY, RAMP_MS, roundMs, commandStep);
  }
  await Promise.all(noops.map((h) => h.signal(finishSignal)));
  const rawUpdatesPerSec = rawCount / (DURATION_MS / 1000);

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
    rounds: ROUNDS,
    warmupSec: WARMUP_MS / 1000,
  });
}).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
