import type { Pool } from 'pg';
import { judgeAnswers } from '../checks/answers';
import { checkEventLog, dedupeById } from '../checks/event-log';
import { checkReminders } from '../checks/reminders';
import { ChaosClient, newRecorder, type Recorder } from './api-client';
import { sleep, waitUntilReady, type ChaosStack } from './chaos-stack';
import { readCycleEventsUntil, type Kafka } from './event-log-reader';
import type { Fault } from './faults';
import { compareWithFreshRebuild, waitForProjection } from './read-model-rebuild';
import { seedReminders, startLaneCycles, startSteadyLoad } from './workload';

/** Steady load: this many cycles, each sent its next command this long after the previous answer. */
const LANES = 4;
const PAUSE_MS = 250;
/** Load before the fault, and after everything is back. */
const BEFORE_MS = 20_000;
const AFTER_MS = 20_000;
/** Reminders: one cycle falling due every REMINDER_SPACING_MS over the fault, each with REMINDERS_PER_CYCLE. */
const REMINDER_SPACING_MS = 10_000;
const REMINDERS_PER_CYCLE = 2;
/** Seeding the reminder cycles must end before the first falls due. */
const SEED_BUDGET_MS = 60_000;

/** The figures of one fault, as the suite's JSON line carries them. */
export interface PhaseFigures {
  fault: string;
  sent: number;
  failed: number;
  failedForSeconds: number;
  maxGapSeconds: number;
  fiveXxByStatus: Record<string, number>;
  noAnswer: number;
  events: number;
  duplicates: number;
  remindersDue: number;
  remindersFired: number;
  readModelRows: number;
  readModelDifferences: number;
  /** How long the fault's injection took (a freeze's 60 s, a restart until the new process runs). */
  faultSeconds: number;
  /** From the end of the injection until HAProxy's readiness answered 200 again. */
  readyAgainAfterSeconds: number;
  phaseSeconds: number;
  detail: Record<string, string | number>;
}

export interface PhaseResult {
  figures: PhaseFigures;
  problems: string[];
}

export interface PhaseContext {
  chaos: ChaosStack;
  kafka: Kafka;
  pool: Pool;
  log: (message: string) => void;
}

/** Every event id the accepted commands named, and each cycle's highest. */
function expectations(recorders: readonly Recorder[]) {
  const ids = new Set(recorders.flatMap((r) => r.accepted.flatMap((c) => c.eventIds)));
  const cycles = new Set(recorders.flatMap((r) => r.accepted.map((c) => c.cycleId)));
  return { ids, cycles };
}

/**
 * One fault alone: seeds cycles whose reminders fall due during it, runs the steady load,
 * injects the fault 20 s in, keeps the load 20 s after the stack is ready again, then checks
 * the answers, the event log, the reminders and the read model against a fresh rebuild.
 */
export async function runPhase(ctx: PhaseContext, fault: Fault): Promise<PhaseResult> {
  const { chaos, kafka, pool, log } = ctx;
  const began = Date.now();
  const client = new ChaosClient(chaos.api, chaos.token);
  const seeding = newRecorder();
  const load = newRecorder();
  const problems: string[] = [];

  const faultAt = began + SEED_BUDGET_MS;
  const count = Math.ceil((fault.expectedSeconds * 1000 + AFTER_MS) / REMINDER_SPACING_MS);
  const dueTimes = Array.from({ length: count }, (_, k) => faultAt + 5_000 + k * REMINDER_SPACING_MS);
  const due = await seedReminders(client, seeding, dueTimes, REMINDERS_PER_CYCLE, fault.name);
  const cycles = await startLaneCycles(client, seeding, LANES, fault.name);
  if (Date.now() > dueTimes[0]) problems.push(`seeding took ${Date.now() - began} ms, past the first reminder`);
  log(
    `${fault.name}: ${due.length} reminders due from ${new Date(dueTimes[0]).toISOString()}, load on ${LANES} cycles`,
  );

  const loadStartedAt = Date.now();
  const stopLoad = startSteadyLoad(client, load, cycles, PAUSE_MS);
  await sleep(Math.max(BEFORE_MS, faultAt - Date.now()));
  const injectedAt = Date.now();
  let detail: Record<string, string | number> = {};
  try {
    detail = await fault.inject({ kafka, pool, log });
  } catch (error) {
    problems.push(`fault not injected as planned: ${error instanceof Error ? error.message : String(error)}`);
  }
  const injectedFor = Date.now() - injectedAt;
  const readyAgainAfterMs = await waitUntilReady(chaos.api).catch(() => {
    problems.push('HAProxy readiness not 200 again within 3 minutes');
    return Number.NaN;
  });
  await sleep(Math.max(AFTER_MS, dueTimes[dueTimes.length - 1] + 5_000 - Date.now()));
  await stopLoad();
  const loadEndedAt = Date.now();
  log(`${fault.name}: load stopped after ${Math.round((loadEndedAt - loadStartedAt) / 1000)} s; checking`);

  const answers = judgeAnswers(load.attempts, { loadStartedAt, loadEndedAt }, load.abandoned + seeding.abandoned);
  const { ids, cycles: ours } = expectations([seeding, load]);
  const dueKeys = new Set(due.map((d) => `${d.cycleId}/${d.actionPointId}`));
  // Publication may lag a fault: read the log until everything accepted and due is there, or 3 minutes.
  const read = await readCycleEventsUntil(
    kafka,
    ({ events, reminders }) => {
      const present = new Set(events.map((e) => e.id));
      const fired = new Set(reminders.map((r) => `${r.cycleId}/${r.actionPointId}`));
      return [...ids].every((id) => present.has(id)) && [...dueKeys].every((k) => fired.has(k));
    },
    180_000,
  );
  const eventLog = checkEventLog(read.events, [...seeding.accepted, ...load.accepted], ours);
  const reminders = checkReminders(
    due,
    read.reminders.filter((r) => ours.has(r.cycleId)),
  );

  const lastSequences = new Map<string, number>();
  for (const event of dedupeById(read.events.filter((e) => ours.has(e.cycleId))).unique) {
    lastSequences.set(event.cycleId, Math.max(event.sequence, lastSequences.get(event.cycleId) ?? 0));
  }
  let readModel = { figures: { rows: 0, differences: 0 }, problems: [] as string[] };
  try {
    await waitForProjection(pool, lastSequences);
    readModel = await compareWithFreshRebuild(pool);
  } catch (error) {
    readModel.problems.push(error instanceof Error ? error.message : String(error));
  }

  problems.push(...answers.problems, ...eventLog.problems, ...reminders.problems, ...readModel.problems);
  return {
    problems,
    figures: {
      fault: fault.name,
      ...answers.figures,
      events: eventLog.figures.events,
      duplicates: eventLog.figures.duplicates,
      remindersDue: reminders.figures.due,
      remindersFired: reminders.figures.fired,
      readModelRows: readModel.figures.rows,
      readModelDifferences: readModel.figures.differences,
      faultSeconds: Math.round(injectedFor / 100) / 10,
      readyAgainAfterSeconds: Math.round(readyAgainAfterMs / 100) / 10,
      phaseSeconds: Math.round((Date.now() - began) / 1000),
      detail,
    },
  };
}
