import { randomUUID } from 'node:crypto';
import { withBenchStack } from './support/bench-stack';
import { startApi } from './support/bench-api';
import { metadata, proposeActionPoint, startCycle, utcDate } from './support/cycle-commands';
import { log, percentile, pool, printFigures, round } from './support/figures';

const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 16);
const DURATION_MS = Number(process.env['BENCH_DURATION_SEC'] ?? 30) * 1000;
const WARMUP_MS = 5000;

interface Lane {
  cycleId: string;
}

/** Runs one loop per lane until the deadline; returns the latencies of completions after warm-up. */
async function drive(lanes: Lane[], step: (lane: Lane, n: number) => Promise<void>): Promise<number[]> {
  const warmEnd = Date.now() + WARMUP_MS;
  const end = warmEnd + DURATION_MS;
  const latencies: number[] = [];
  await pool(lanes, lanes.length, async (lane) => {
    for (let n = 0; Date.now() < end; n++) {
      const sent = Date.now();
      await step(lane, n);
      const done = Date.now();
      if (done > warmEnd && done <= end) latencies.push(done - sent);
    }
  });
  return latencies;
}

/** The HTTP body of a command: its fields, the type being the route. */
function withoutType(command: object): Record<string, unknown> {
  const body: Record<string, unknown> = { ...command };
  delete body['type'];
  return body;
}

/** Propose then agree, alternately: the desk officer's most common pair of commands. */
const commandOf = (n: number, deadline: string) =>
  n % 2 === 0
    ? proposeActionPoint(`AP${Math.floor(n / 2)}`, deadline)
    : ({ type: 'AgreeActionPoint', actionPointId: `AP${Math.floor(n / 2)}` } as const);

void withBenchStack(async ({ stack, cycles, taskQueue }) => {
  const api = await startApi(stack, taskQueue);
  try {
    const deadline = utcDate(Date.now() + 60 * 86_400_000);
    const newLanes = async (prefix: string): Promise<Lane[]> => {
      const lanes = Array.from({ length: CONCURRENCY }, () => ({ cycleId: `${prefix}-${randomUUID().slice(0, 12)}` }));
      await pool(lanes, 8, async ({ cycleId }) => {
        await cycles.start(startCycle(cycleId), metadata(), undefined, [
          { command: { type: 'ScheduleRound', roundId: 'R1', date: utcDate(Date.now()) }, metadata: metadata() },
        ]);
      });
      return lanes;
    };

    log(`baseline: the same commands straight to the workflows, ${CONCURRENCY} cycles, ${DURATION_MS / 1000} s`);
    const direct = await drive(await newLanes('bench-direct'), async ({ cycleId }, n) => {
      await cycles.execute(cycleId, { command: commandOf(n, deadline), metadata: metadata() });
    });

    log(`Suivi API: the same commands over HTTP with a desk officer's token, ${CONCURRENCY} cycles`);
    const token = await api.token('bench.desk-officer', 'desk-officer', ['KH']);
    const http = await drive(await newLanes('bench-http'), async ({ cycleId }, n) => {
      const command = commandOf(n, deadline);
      const { path, body } =
        command.type === 'AgreeActionPoint'
          ? { path: `/v1/cycles/${cycleId}/action-points/${command.actionPointId}/agree`, body: {} }
          : {
              path: `/v1/cycles/${cycleId}/action-points`,
              body: withoutType(command),
            };
      const response = await fetch(`${api.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify(body),
      });
      if (response.status >= 300) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    });

    const seconds = DURATION_MS / 1000;
    printFigures('api', {
      commandsPerSec: round(http.length / seconds),
      directCommandsPerSec: round(direct.length / seconds),
      ratio: round(http.length / direct.length, 2),
      p50Ms: round(percentile(http, 50)),
      p99Ms: round(percentile(http, 99)),
      directP50Ms: round(percentile(direct, 50)),
      directP99Ms: round(percentile(direct, 99)),
      concurrency: CONCURRENCY,
      durationSec: seconds,
    });
  } finally {
    await api.stop();
  }
}).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
