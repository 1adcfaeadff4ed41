import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import type { StartCycleCommand } from '@suivi/cycle-workflow-api';
import type { CommandMetadata, CycleCommand } from '@suivi/domain';
import { createKafka } from '@suivi/kafka';
import { CycleClient, connectTemporalClient } from '@suivi/temporal';
import { pollUntil, requireEnv, suiviHome } from '@suivi/test-support';
import { bundleSuiviWorkflows } from '@suivi/workflows-bundler';

/** Writes the workflow bundle once per test file, for workers started from it. */
export async function writeWorkflowBundle(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'suivi-bundle-')), 'workflow-bundle.js');
  writeFileSync(file, (await bundleSuiviWorkflows()).code);
  return file;
}

export async function cycleClientFor(taskQueue: string) {
  const client = await connectTemporalClient({
    address: requireEnv('TEMPORAL_ADDRESS'),
    namespace: requireEnv('TEMPORAL_NAMESPACE'),
    codecKeys: requireEnv('TEMPORAL_CODEC_KEYS'),
  });
  return { cycles: new CycleClient(client, taskQueue), client, close: () => client.connection.close() };
}

export const metadata = (): CommandMetadata => ({
  commandId: randomUUID(),
  actor: { userId: 'desk-officer-int', role: 'DESK_OFFICER' },
  issuedAt: new Date().toISOString(),
});

export function startCommand(cycleId: string): StartCycleCommand {
  return {
    type: 'StartCycle',
    cycleId,
    cycleType: 'GSP_PLUS_MONITORING',
    country: 'LK',
    title: 'GSP+ monitoring Sri Lanka',
    timeZone: 'Asia/Colombo',
  };
}

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

export function scheduleRound(roundId: string): CycleCommand {
  return { type: 'ScheduleRound', roundId, date: today() };
}

export function proposeActionPoint(actionPointId: string, roundId = 'R1'): CycleCommand {
  return {
    type: 'ProposeActionPoint',
    actionPointId,
    roundId,
    text: `Repeal the provisions criticised by the treaty body (${actionPointId})`,
    owner: 'PARTNER',
    deadline: inDays(60),
    priority: 'HIGH',
    themes: ['I.D'],
    conventions: ['ICCPR', 'CAT'],
    unReferences: [{ mechanism: 'TREATY_BODY', text: 'CCPR/C/LKA/CO/6 para 12' }],
  };
}

export interface LoggedEvent {
  eventId: string;
  sequence: number;
  value: string;
}

/** Reads a cycle's events back from the event log, from the beginning, in partition order. */
export async function readCycleEvents(
  kafka: Kafka,
  topic: string,
  cycleId: string,
  expectAtLeast: number,
): Promise<LoggedEvent[]> {
  const consumer = kafka.consumer({ groupId: `int-read-${randomUUID()}` });
  const seen: LoggedEvent[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.key?.toString() !== cycleId) return;
      seen.push({
        eventId: message.headers?.['event-id']?.toString() ?? '',
        sequence: Number(message.headers?.['sequence']?.toString()),
        value: message.value?.toString() ?? '',
      });
    },
  });
  try {
    await pollUntil(
      async () => (new Set(seen.map((e) => e.eventId)).size >= expectAtLeast ? true : undefined),
      120_000,
    );
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

export function kafkaAt(brokers: string): Kafka {
  return createKafka({ brokers: brokers.split(','), clientId: 'int-test', log: () => undefined });
}

/** After dropping duplicates by event id: every sequence from 1 to `version`, in order, each once. */
export function expectCompleteAndOrdered(events: LoggedEvent[], version: number): { duplicates: number } {
  const firstById = new Map<string, LoggedEvent>();
  let duplicates = 0;
  for (const event of events) {
    const first = firstById.get(event.eventId);
    if (first) {
      duplicates++;
      if (first.value !== event.value)
        throw new Error(`event ${event.eventId} was published twice with different content`);
    } else firstById.set(event.eventId, event);
  }
  const sequences = [...firstById.values()].map((e) => e.sequence);
  const expected = Array.from({ length: version }, (_, i) => i + 1);
  if (JSON.stringify(sequences) !== JSON.stringify(expected)) {
    throw new Error(`event log order broken: got ${sequences.join(',')}, expected 1..${version}`);
  }
  return { duplicates };
}

export interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** The real worker app (apps/worker/src/main.ts through tsx), as a process a test may kill. */
export async function spawnWorker(env: Record<string, string>, logName: string): Promise<WorkerProcess> {
  const repoRoot = join(__dirname, '..', '..');
  const logDir = join(suiviHome(), 'test', 'logs');
  mkdirSync(logDir, { recursive: true });
  const log = openSync(join(logDir, `${logName}.log`), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'apps', 'worker', 'src', 'main.ts')], {
    cwd: repoRoot,
    env: { ...process.env, ...env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.base.json'), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', log],
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    writeSync(log, chunk);
  });
  await pollUntil(async () => {
    if (child.exitCode !== null) throw new Error(`worker exited early: ${output}`);
    return output.includes('worker polling its task queue') ? true : undefined;
  }, 60_000);
  return { child, exited };
}
