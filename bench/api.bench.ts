import { randomUUID } from 'node:crypto';
import { withBenchStack } from './support/bench-stack';
import { startApi } from './support/bench-api';
import { metadata, proposeActionPoint, startCycle, utcDate } from './support/cycle-commands';
import { drive, driveComparedRound } from './support/drive';
import { httpPoster } from './support/http-post';
import { describeCpu } from './support/process-cpu';
import { log, percentile, pool, printFigures, round } from './support/figures';

/**
 * bench:api: commands through the HTTP API (a desk officer's token, an Idempotency-Key each,
 * the real API app) against the same commands sent straight to the workflows with the
 * Temporal client, on the same stack. ADR 0013's method: both workloads first run uncounted
 * (every process's JIT warm), then rounds in the order direct, HTTP, HTTP, direct, the first
 * second of each part uncounted.
 */
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 16);
const DURATION_MS = Number(process.env['BENCH_DURATION_SEC'] ?? 30) * 1000;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
// 20 s, not bench:commands' 10: with 10, the API's CPU per command still fell from round to round
// (2.54, 2.13, 1.90 ms), its JIT still warming while the baseline's processes were warm.
const WARMUP_MS = Number(process.env['BENCH_WARMUP_SEC'] ?? 20) * 1000;
const RAMP_MS = 1000;
// The load generator's HTTP client: node:http (default) or fetch, to compare what the generator costs.
const CLIENT = process.env['BENCH_API_CLIENT'] === 'fetch' ? 'fetch' : 'node-http';

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

const mean = (rounds: Array<Record<string, number>>, group: string) =>
  rounds.reduce((sum, cpu) => sum + (cpu[group] ?? 0), 0) / rounds.length;

void withBenchStack(async ({ stack, cycles, taskQueue }) => {
  const api = await startApi(stack, taskQueue);
  try {
    const deadline = utcDate(Date.now() + 60 * 86_400_000);
    const newCycles = async (prefix: string): Promise<string[]> => {
      const ids = Array.from({ length: CONCURRENCY }, () => `${prefix}-${randomUUID().slice(0, 12)}`);
      await pool(ids, 8, async (cycleId) => {
        await cycles.start(startCycle(cycleId), metadata(), undefined, [
          { command: { type: 'ScheduleRound', roundId: 'R1', date: utcDate(Date.now()) }, metadata: metadata() },
        ]);
      });
      return ids;
    };
    const directCycles = await newCycles('bench-direct');
    const httpCycles = await newCycles('bench-http');
    const directSent = new Array<number>(CONCURRENCY).fill(0);
    const httpSent = new Array<number>(CONCURRENCY).fill(0);

    const directStep = async (lane: number) => {
      await cycles.execute(directCycles[lane], {
        command: commandOf(directSent[lane]++, deadline),
        metadata: metadata(),
      });
    };
    const token = await api.token('bench.desk-officer', 'desk-officer', ['KH']);
    const poster = httpPoster(api.baseUrl, CONCURRENCY);
    const httpStep = async (lane: number) => {
      const cycleId = httpCycles[lane];
      const command = commandOf(httpSent[lane]++, deadline);
      const { path, body } =
        command.type === 'AgreeActionPoint'
          ? { path: `/v1/cycles/${cycleId}/action-points/${command.actionPointId}/agree`, body: {} }
          : { path: `/v1/cycles/${cycleId}/action-points`, body: withoutType(command) };
      const headers = {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      };
      const answer =
        CLIENT === 'fetch'
          ? await fetch(`${api.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }).then(
              async (response) => ({ status: response.status, body: await response.text() }),
            )
          : await poster.post(path, headers, JSON.stringify(body));
      if (answer.status >= 300) throw new Error(`${path} answered ${answer.status}: ${answer.body}`);
    };

    log(`warm-up: both workloads, ${WARMUP_MS / 1000} s each, not counted`);
    await drive(CONCURRENCY, WARMUP_MS, 0, directStep);
    await drive(CONCURRENCY, WARMUP_MS, 0, httpStep);

    const roundMs = DURATION_MS / ROUNDS;
    const direct: number[] = [];
    const http: number[] = [];
    const roundRatios: number[] = [];
    const directCpu: Array<Record<string, number>> = [];
    const httpCpu: Array<Record<string, number>> = [];
    for (let r = 1; r <= ROUNDS; r++) {
      log(
        `round ${r}/${ROUNDS}: the commands straight to the workflows and through the HTTP API, ${CONCURRENCY} lanes, ${roundMs / 1000} s each, in the order direct, HTTP, HTTP, direct`,
      );
      const {
        baseline: straight,
        subject: overHttp,
        ratio,
      } = await driveComparedRound(CONCURRENCY, RAMP_MS, roundMs, directStep, httpStep);
      direct.push(...straight.latencies);
      http.push(...overHttp.latencies);
      roundRatios.push(ratio);
      directCpu.push(straight.cpuMsPerStep);
      httpCpu.push(overHttp.cpuMsPerStep);
      log(`round ${r}: ratio ${ratio.toFixed(2)}`);
      log(`round ${r}: CPU ms per command, direct ${describeCpu(straight.cpuMsPerStep)}`);
      log(`round ${r}: CPU ms per command, HTTP   ${describeCpu(overHttp.cpuMsPerStep)}`);
    }

    poster.close();
    const seconds = DURATION_MS / 1000;
    printFigures('api', {
      commandsPerSec: round(http.length / seconds),
      directCommandsPerSec: round(direct.length / seconds),
      ratio: round(http.length / direct.length, 2),
      ratioMin: round(Math.min(...roundRatios), 2),
      roundRatios: roundRatios.map((x) => round(x, 2)).join(' '),
      p50Ms: round(percentile(http, 50)),
      p99Ms: round(percentile(http, 99)),
      directP50Ms: round(percentile(direct, 50)),
      directP99Ms: round(percentile(direct, 99)),
      // Where the difference goes: CPU per command of every process on the machine, by part.
      cpuMsPerCommand: round(mean(httpCpu, 'total'), 2),
      directCpuMsPerCommand: round(mean(directCpu, 'total'), 2),
      apiCpuMsPerCommand: round(mean(httpCpu, 'api'), 2),
      postgresCpuMsPerCommand: round(mean(httpCpu, 'postgres'), 2),
      directPostgresCpuMsPerCommand: round(mean(directCpu, 'postgres'), 2),
      benchCpuMsPerCommand: round(mean(httpCpu, 'bench'), 2),
      directBenchCpuMsPerCommand: round(mean(directCpu, 'bench'), 2),
      client: CLIENT,
      concurrency: CONCURRENCY,
      durationSec: seconds,
      rounds: ROUNDS,
      warmupSec: WARMUP_MS / 1000,
    });
  } finally {
    await api.stop();
  }
}).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
