import { randomUUID } from 'node:crypto';
import { Topics, followTopic, withBenchStack } from './support/bench-stack';
import { metadata, roundWithAgreedActionPoints, startCycle, utcDate } from './support/cycle-commands';
import { log, pool, printFigures, rssMiB, round } from './support/figures';

const CYCLES = Number(process.env['BENCH_SCALE_CYCLES'] ?? 10_000);
const ACTION_POINTS = 20;
const DAY = 86_400_000;
const PUBLISH_TIMEOUT_MS = 20 * 60_000;

void withBenchStack(async ({ cycles, kafka, worker, temporalPid }) => {
  let events = 0;
  const expected = CYCLES * (1 + 1 + 2 * ACTION_POINTS);
  const stop = await followTopic(kafka, Topics.cycleEvents, () => void events++);
  const began = Date.now();
  let peakWorkerRss = 0;
  const sampler = setInterval(() => {
    peakWorkerRss = Math.max(peakWorkerRss, rssMiB(worker.pid as number));
  }, 2000);
  let started = 0;
  log(`starting ${CYCLES} cycles with ${ACTION_POINTS} agreed action points each (deadlines 30-90 days out)`);
  await pool(
    Array.from({ length: CYCLES }, (_, i) => i),
    32,
    async (i) => {
      await cycles.start(
        startCycle(`scale-${i}-${randomUUID().slice(0, 6)}`),
        metadata(),
        undefined,
        roundWithAgreedActionPoints(ACTION_POINTS, (ap) => utcDate(began + (30 + ((i + ap * 3) % 60)) * DAY)),
      );
      if (++started % 1000 === 0) log(`${started} cycles started, ${events} events on Kafka`);
    },
  );
  // Accepted = every cycle durable in Temporal; the worker may still be running their first tasks.
  const acceptedSec = (Date.now() - began) / 1000;
  log(`all cycles accepted after ${round(acceptedSec)} s; waiting until all ${expected} events are on Kafka`);
  // Every event published means every cycle ran its first task: its state, action points and
  // reminder timer exist. Memory is measured then, and its peak all along.
  const publishDeadline = Date.now() + PUBLISH_TIMEOUT_MS;
  let lastLog = Date.now();
  while (events < expected && Date.now() < publishDeadline) {
    await new Promise((r) => setTimeout(r, 1000));
    if (Date.now() - lastLog > 30_000) {
      log(`${events} events on Kafka, worker RSS ${rssMiB(worker.pid as number)} MiB`);
      lastLog = Date.now();
    }
  }
  const setupSec = (Date.now() - began) / 1000;
  log('settling for 15 s before measuring memory');
  await new Promise((r) => setTimeout(r, 15_000));
  const workerRss = rssMiB(worker.pid as number);
  const temporalRss = rssMiB(temporalPid);
  clearInterval(sampler);
  await stop();
  printFigures('scale', {
    cycles: CYCLES,
    actionPoints: CYCLES * ACTION_POINTS,
    pendingReminders: CYCLES * ACTION_POINTS * 7,
    eventsExpected: expected,
    eventsOnKafkaAtMeasure: events,
    workerRssMiB: workerRss,
    workerPeakRssMiB: peakWorkerRss,
    temporalRssMiB: temporalRss,
    setupSec: round(setupSec),
    acceptedSec: round(acceptedSec),
  });
}).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
