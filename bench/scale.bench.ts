import { randomUUID } from 'node:crypto';
import { Topics, followTopic, withBenchStack } from './support/bench-stack';
import { metadata, roundWithAgreedActionPoints, startCycle, utcDate } from './support/cycle-commands';
import { log, pool, printFigures, rssMiB, round } from './support/figures';

const CYCLES = Number(process.env['BENCH_SCALE_CYCLES'] ?? 10_000);
const ACTION_POINTS = 20;
const DAY = 86_400_000;

void withBenchStack(async ({ cycles, kafka, worker, temporalPid }) => {
  let events = 0;
  const expected = CYCLES * (1 + 1 + 2 * ACTION_POINTS);
  const stop = await followTopic(kafka, Topics.cycleEvents, () => void events++);
  const began = Date.now();
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
  // Setup = every cycle accepted (durable in Temporal); publishing may still be catching up.
  const setupSec = (Date.now() - began) / 1000;
  log('all cycles started; letting the worker settle for 15 s before measuring memory');
  await new Promise((r) => setTimeout(r, 15_000));
  const workerRss = rssMiB(worker.pid as number);
  const temporalRss = rssMiB(temporalPid);
  await stop();
  printFigures('scale', {
    cycles: CYCLES,
    actionPoints: CYCLES * ACTION_POINTS,
    pendingReminders: CYCLES * ACTION_POINTS * 7,
    eventsExpected: expected,
    eventsOnKafkaAtMeasure: events,
    workerRssMiB: workerRss,
    temporalRssMiB: temporalRss,
    setupSec: round(setupSec),
  });
}).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
