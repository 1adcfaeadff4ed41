import { randomUUID } from 'node:crypto';
import { BENCH_TOPIC, Topics, followTopic, withBenchStackAndBaseline } from './support/bench-stack';
import { metadata, roundWithAgreedActionPoints, startCycle, utcDate } from './support/cycle-commands';
import { log, percentile, pool, printFigures, round } from './support/figures';

const STEADY_RATE = 20; // reminders per second
const STEADY_SECONDS = 60;
const BURST = 5000;
const PER_CYCLE = 20; // action points (so reminders) per cycle falling due at the same instant

/** HH:mm:ss of an instant in UTC: the reminder's local time in a UTC cycle. */
const utcTime = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** A policy with a single reminder, on the deadline, at the given second. */
const onDeadlineAt = (ms: number) => ({
  beforeDeadline: [],
  onDeadline: { recipientRole: 'DELEGATION' as const },
  escalations: [],
  localTime: utcTime(ms),
});

/** Starts `cycles` cycles whose PER_CYCLE action points all fall due at dueAt(cycleIndex). */
async function seedCycles(
  startCycles: (c: string, p: ReturnType<typeof onDeadlineAt>, dueMs: number) => Promise<void>,
  count: number,
  dueAt: (i: number) => number,
) {
  await pool(
    Array.from({ length: count }, (_, i) => i),
    16,
    async (i) => startCycles(`rem-${randomUUID().slice(0, 12)}`, onDeadlineAt(dueAt(i)), dueAt(i)),
  );
}

void withBenchStackAndBaseline(async ({ cycles, client, baselineTaskQueue, kafka }) => {
  const arrivals: Array<{ dueAtMs: number; receivedAt: number; kind: string; sentAt?: number; producedAt?: number }> =
    [];
  const stopReminders = await followTopic(kafka, Topics.reminders, (value, receivedAt, producedAt) => {
    // `time` is when the cycle sent the reminder (its workflow task), the Kafka timestamp when it was published.
    const event = JSON.parse(value) as { time: string; data: { dueAt: string } };
    arrivals.push({
      dueAtMs: Date.parse(event.data.dueAt),
      receivedAt,
      kind: 'suivi',
      sentAt: Date.parse(event.time),
      producedAt,
    });
  });
  const stopRaw = await followTopic(kafka, BENCH_TOPIC, (value, receivedAt) => {
    const { dueAtMs } = JSON.parse(value) as { dueAtMs: number };
    arrivals.push({ dueAtMs, receivedAt, kind: 'raw' });
  });
  const start = async (cycleId: string, policy: ReturnType<typeof onDeadlineAt>, dueMs: number) => {
    await cycles.start(
      startCycle(cycleId, policy),
      metadata(),
      undefined,
      roundWithAgreedActionPoints(PER_CYCLE, () => utcDate(dueMs)),
    );
  };

  // (a) Steady load: STEADY_RATE reminders each second for STEADY_SECONDS.
  const steadyCycles = (STEADY_RATE * STEADY_SECONDS) / PER_CYCLE;
  const steadyStart = Math.ceil((Date.now() + 60_000) / 1000) * 1000;
  log(
    `steady: ${steadyCycles} cycles x ${PER_CYCLE} reminders, ${STEADY_RATE}/s from ${new Date(steadyStart).toISOString()}`,
  );
  const seedBegan = Date.now();
  await seedCycles(start, steadyCycles, (i) => steadyStart + Math.floor((i * PER_CYCLE) / STEADY_RATE) * 1000);
  if (Date.now() > steadyStart) throw new Error(`setup took ${Date.now() - seedBegan} ms, past the first reminder`);
  const steadyEnd = steadyStart + STEADY_SECONDS * 1000;
  await waitFor(
    () => arrivals.filter((a) => a.kind === 'suivi').length >= STEADY_RATE * STEADY_SECONDS,
    steadyEnd + 120_000,
  );
  const steady = arrivals.filter((a) => a.kind === 'suivi');
  const steadyLags = steady.map((a) => a.receivedAt - a.dueAtMs);
  // Where the lag goes: due -> sent by the cycle -> published to Kafka -> read by a consumer.
  const sentLags = steady.map((a) => (a.sentAt ?? 0) - a.dueAtMs);
  const publishLags = steady.map((a) => (a.producedAt ?? 0) - (a.sentAt ?? 0));
  const readLags = steady.map((a) => a.receivedAt - (a.producedAt ?? 0));

  // (b) Burst: BURST reminders due at the same instant, then the bare timer+activity baseline.
  arrivals.length = 0;
  const burstCycles = BURST / PER_CYCLE;
  const burstAt = Math.ceil((Date.now() + 90_000) / 1000) * 1000;
  log(`burst: ${burstCycles} cycles x ${PER_CYCLE} reminders due at ${new Date(burstAt).toISOString()}`);
  await seedCycles(start, burstCycles, () => burstAt);
  if (Date.now() > burstAt) throw new Error('burst setup finished after the burst instant');
  await waitFor(() => arrivals.filter((a) => a.kind === 'suivi').length >= BURST, burstAt + 600_000);
  const burstAllDeliveredMs =
    Math.max(...arrivals.filter((a) => a.kind === 'suivi').map((a) => a.receivedAt)) - burstAt;

  const rawAt = Math.ceil((Date.now() + 45_000) / 1000) * 1000;
  log(
    `baseline: ${burstCycles} bare timer+activity workflows publishing ${PER_CYCLE} each at ${new Date(rawAt).toISOString()}`,
  );
  await pool(
    Array.from({ length: burstCycles }, (_, i) => i),
    16,
    async (i) => {
      await client.workflow.start('timerThenActivityWorkflow', {
        taskQueue: baselineTaskQueue,
        workflowId: `raw-${randomUUID()}`,
        args: [{ dueAtMs: rawAt, key: `raw-${i}`, count: PER_CYCLE, topic: BENCH_TOPIC }],
      });
    },
  );
  await waitFor(() => arrivals.filter((a) => a.kind === 'raw').length >= BURST, rawAt + 600_000);
  const rawBurstMs = Math.max(...arrivals.filter((a) => a.kind === 'raw').map((a) => a.receivedAt)) - rawAt;
  await stopReminders();
  await stopRaw();

  printFigures('reminders', {
    steadyReminders: steadyLags.length,
    lagP50Ms: round(percentile(steadyLags, 50)),
    lagP99Ms: round(percentile(steadyLags, 99)),
    sentLagP50Ms: round(percentile(sentLags, 50)),
    sentLagP99Ms: round(percentile(sentLags, 99)),
    publishLagP50Ms: round(percentile(publishLags, 50)),
    publishLagP99Ms: round(percentile(publishLags, 99)),
    readLagP50Ms: round(percentile(readLags, 50)),
    readLagP99Ms: round(percentile(readLags, 99)),
    burstReminders: BURST,
    burstAllDeliveredMs: round(burstAllDeliveredMs),
    rawBurstMs: round(rawBurstMs),
    burstRatio: round(burstAllDeliveredMs / rawBurstMs, 2),
  });
}).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

async function waitFor(done: () => boolean, untilMs: number): Promise<void> {
  while (!done()) {
    if (Date.now() > untilMs) throw new Error('timed out waiting for reminders to arrive on Kafka');
    await new Promise((r) => setTimeout(r, 200));
  }
}
