import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Topics } from '@suivi/contracts';
import { decide, evolve, initialState, type CycleCommand, type CycleEvent, type CycleState } from '@suivi/domain';
import { repoRoot } from '@suivi/test-support';
import { withBenchStack } from './support/bench-stack';
import { log, printFigures, round } from './support/figures';

const TOTAL_EVENTS = Number(process.env['BENCH_REBUILD_EVENTS'] ?? 1_000_000);
const TEMPLATE_CYCLE = 'TEMPLATE-CYCLE';
const ACTION_POINTS = 32;

/** One realistic cycle history from the domain itself: a round, action points agreed, reported on, assessed. */
function templateHistory(): CycleEvent[] {
  let state: CycleState = initialState(TEMPLATE_CYCLE);
  const events: CycleEvent[] = [];
  let n = 0;
  const run = (command: CycleCommand) => {
    const decision = decide(state, command, {
      commandId: `cmd-${++n}`,
      actor: { userId: 'desk-bench', role: 'DESK_OFFICER' },
      issuedAt: '2026-02-01T10:00:00.000Z',
    });
    if (!decision.accepted) throw new Error(`template command refused: ${decision.error.message}`);
    for (const event of decision.events) state = evolve(state, event);
    events.push(...decision.events);
  };
  run({
    type: 'StartCycle',
    cycleId: TEMPLATE_CYCLE,
    cycleType: 'HUMAN_RIGHTS_DIALOGUE',
    country: 'KH',
    title: 'EU-Cambodia human rights dialogue',
    timeZone: 'Asia/Phnom_Penh',
  });
  run({ type: 'ScheduleRound', roundId: 'R1', date: '2026-02-10' });
  for (let i = 1; i <= ACTION_POINTS; i++) {
    run({
      type: 'ProposeActionPoint',
      actionPointId: `AP${i}`,
      roundId: 'R1',
      text: `Repeal the provisions of the law criticised by the treaty body (${i})`,
      owner: 'PARTNER',
      deadline: '2026-09-30',
      priority: 'HIGH',
      themes: ['I.C'],
      conventions: ['ICCPR'],
      unReferences: [],
    });
    run({ type: 'AgreeActionPoint', actionPointId: `AP${i}` });
    run({
      type: 'ReportProgress',
      actionPointId: `AP${i}`,
      reportId: `P${i}`,
      text: 'Draft amendment tabled in parliament',
      evidenceLinks: ['https://example.org/evidence'],
      reportedOn: '2026-03-01',
    });
  }
  return events;
}

/** Kafka messages for the cycle log, as the worker writes them, for cycle number `c`. */
function messagesFor(template: string[], c: number) {
  const cycleId = `bench-${c}`;
  return template.map((json, i) => ({
    key: cycleId,
    value: json.replaceAll(TEMPLATE_CYCLE, cycleId),
    headers: { 'event-id': `${cycleId}:${i + 1}`, sequence: String(i + 1), 'content-type': 'application/json' },
  }));
}

void withBenchStack(async ({ stack, kafka }) => {
  const events = templateHistory();
  const template = events.map((e) => JSON.stringify({ id: `${e.cycleId}:${e.sequence}`, ...e }));
  const cycles = Math.ceil(TOTAL_EVENTS / template.length);
  const total = cycles * template.length;
  log(`writing ${total} events (${cycles} cycles x ${template.length}) to ${Topics.cycleLog}`);
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  // About 2,000 messages per request: each partition's batch stays under the broker's 1 MiB.
  const perSend = Math.max(1, Math.floor(2_000 / template.length));
  for (let c = 0; c < cycles; c += perSend) {
    const batch = [];
    for (let k = c; k < Math.min(cycles, c + perSend); k++) batch.push(...messagesFor(template, k));
    await producer.send({ topic: Topics.cycleLog, acks: -1, messages: batch });
  }
  await producer.disconnect();

  log('baseline: a bare kafkajs consumer reading the same topic from the beginning');
  const consumer = kafka.consumer({ groupId: `bench-raw-${randomUUID()}`, maxBytes: 50 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic: Topics.cycleLog, fromBeginning: true });
  let consumed = 0;
  const rawDone = new Promise<number>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        consumed += batch.messages.length;
        if (consumed >= total) resolve(Date.now());
      },
    });
  });
  const rawStartedAt = Date.now();
  const rawEnded = await rawDone;
  await consumer.disconnect();
  const rawConsumePerSec = total / ((rawEnded - rawStartedAt) / 1000);

  log('Suivi: the read-model rebuild command, from the beginning of the log into a fresh generation');
  const rebuildStarted = Date.now();
  const output = await runRebuild({
    ...stack.env,
    MIGRATIONS_DIR: join(repoRoot, 'apps', 'projector', 'migrations'),
    LOG_LEVEL: 'info',
  });
  const rebuildMs = Date.now() - rebuildStarted;
  const result = output
    .split('\n')
    .filter((line) => line.includes('read model rebuilt'))
    .map((line) => JSON.parse(line) as { applied: number; durationMs: number })[0];
  if (!result || result.applied !== total) {
    throw new Error(`rebuild applied ${result?.applied ?? 'nothing'} of ${total} events`);
  }
  const eventsPerSec = total / (result.durationMs / 1000);
  printFigures('rebuild', {
    events: total,
    eventsPerSec: round(eventsPerSec),
    rawConsumePerSec: round(rawConsumePerSec),
    ratio: round(eventsPerSec / rawConsumePerSec, 2),
    rebuildSec: round(result.durationMs / 1000),
    commandSec: round(rebuildMs / 1000),
  });
}).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

/** The real rebuild entry point, as `npm run read-model:rebuild` runs it. */
function runRebuild(env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'apps', 'projector', 'src', 'rebuild.ts')],
      {
        cwd: repoRoot,
        env: { ...process.env, ...env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.base.json') },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`rebuild exited ${code}\n${output}`)),
    );
  });
}
