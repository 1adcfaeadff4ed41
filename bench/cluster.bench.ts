import { randomUUID } from 'node:crypto';
import { issueDevTokenForProfile } from '@suivi/dev-issuer';
import { launch, readStackFile, stopLaunched, waitForReady, type LaunchedStack } from '@suivi/test-support';
import { drive, driveComparedRound } from './support/drive';
import { log, percentile, printFigures, round } from './support/figures';
import { httpPoster } from './support/http-post';
import { describeCpu } from './support/process-cpu';
import { utcDate } from './support/cycle-commands';

/**
 * bench:cluster (issue 19): the same HTTP command load (a desk officer's propose then agree,
 * an Idempotency-Key each) against the embedded stack (`npm start`'s shape, bench profile) and
 * the cluster profile (three brokers with three replicas, Temporal as five processes on
 * PostgreSQL, two replicas of every app behind HAProxy), both running on this machine at once,
 * measured in alternating rounds after an uncounted warm-up (ADR 0013's method). The cluster
 * buys availability, not speed, on one machine: its ratio says what the replication costs.
 */
const LANES = Number(process.env['BENCH_CONCURRENCY'] ?? 16);
const DURATION_MS = Number(process.env['BENCH_DURATION_SEC'] ?? 30) * 1000;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const WARMUP_MS = Number(process.env['BENCH_WARMUP_SEC'] ?? 20) * 1000;
const RAMP_MS = 1000;
/** What the cluster profile runs (ADR 0028), for the per-process figures. */
const HISTORY_PROCESSES = 2;
const PARTITIONS = 6;

type Profile = 'bench' | 'cluster';

/** Requests answered 503 and retried, by stack: none is expected on a machine otherwise quiet. */
const retried: Record<Profile, number> = { bench: 0, cluster: 0 };

interface Target {
  profile: Profile;
  step: (lane: number) => Promise<void>;
  close: () => void;
}

/** Starts one cycle per lane through the API, each with a round, then returns the lanes' step. */
async function targetOn(profile: Profile): Promise<Target> {
  const base = `http://127.0.0.1:${readStackFile(profile).ports.api}`;
  const token = await issueDevTokenForProfile(profile, {
    userId: 'bench.desk-officer',
    role: 'desk-officer',
    countries: ['KH'],
  });
  const poster = httpPoster(base, LANES);
  const post = async (path: string, body: unknown) => {
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    };
    let answer = await poster.post(path, headers, JSON.stringify(body));
    // As a client should: a 503 is retried after its Retry-After, with the same key (applied once).
    for (let retry = 0; answer.status === 503 && retry < 5; retry++) {
      retried[profile]++;
      const seconds = Number((JSON.parse(answer.body) as { retryAfterSeconds?: number }).retryAfterSeconds ?? 1);
      await new Promise((r) => setTimeout(r, seconds * 1000));
      answer = await poster.post(path, headers, JSON.stringify(body));
    }
    if (answer.status >= 300) throw new Error(`${profile} ${path} answered ${answer.status}: ${answer.body}`);
    return JSON.parse(answer.body) as { cycleId: string };
  };
  const cycles: string[] = [];
  for (let lane = 0; lane < LANES; lane++) {
    const { cycleId } = await post('/v1/cycles', {
      type: 'HUMAN_RIGHTS_DIALOGUE',
      country: 'KH',
      title: `Cluster benchmark ${lane}`,
      timeZone: 'UTC',
    });
    await post(`/v1/cycles/${cycleId}/rounds`, { date: utcDate(Date.now()) });
    cycles.push(cycleId);
  }
  const deadline = utcDate(Date.now() + 60 * 86_400_000);
  const sent = new Array<number>(LANES).fill(0);
  return {
    profile,
    close: poster.close,
    step: async (lane) => {
      const n = sent[lane]++;
      const cycleId = cycles[lane];
      const actionPointId = `AP${Math.floor(n / 2)}`;
      if (n % 2 === 1) {
        await post(`/v1/cycles/${cycleId}/action-points/${actionPointId}/agree`, {});
        return;
      }
      await post(`/v1/cycles/${cycleId}/action-points`, {
        actionPointId,
        roundId: 'R1',
        text: `Benchmark action point ${actionPointId}`,
        owner: 'PARTNER',
        deadline,
        themes: ['I.C'],
      });
    },
  };
}

async function main(): Promise<void> {
  const stacks: LaunchedStack[] = [];
  try {
    // One after the other: two launchers building and starting at once would only slow both.
    for (const profile of ['bench', 'cluster'] as const) {
      log(`starting the ${profile === 'bench' ? 'embedded' : 'cluster'} stack (${profile} profile)`);
      const stack = launch('start', profile, { SUIVI_DEMO_DATA: 'false' });
      stacks.push(stack);
      await waitForReady(stack, 1_800_000);
    }
    const embedded = await targetOn('bench');
    const cluster = await targetOn('cluster');
    log(`warm-up: both stacks, ${WARMUP_MS / 1000} s each, not counted`);
    await drive(LANES, WARMUP_MS, 0, embedded.step);
    await drive(LANES, WARMUP_MS, 0, cluster.step);

    const roundMs = DURATION_MS / ROUNDS;
    const latencies = { bench: [] as number[], cluster: [] as number[] };
    const roundRatios: number[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      log(
        `round ${r}/${ROUNDS}: embedded and cluster stacks, ${LANES} lanes, ${roundMs / 1000} s each, in the order embedded, cluster, cluster, embedded`,
      );
      const compared = await driveComparedRound(LANES, RAMP_MS, roundMs, embedded.step, cluster.step);
      latencies.bench.push(...compared.baseline.latencies);
      latencies.cluster.push(...compared.subject.latencies);
      log(`round ${r}: embedded: CPU ms per command: ${describeCpu(compared.baseline.cpuMsPerStep)}`);
      log(`round ${r}: cluster: CPU ms per command: ${describeCpu(compared.subject.cpuMsPerStep)}`);
      roundRatios.push(compared.ratio);
      log(`round ${r}: cluster/embedded ${compared.ratio.toFixed(2)}`);
    }
    embedded.close();
    cluster.close();
    const seconds = DURATION_MS / 1000;
    const clusterRate = latencies.cluster.length / seconds;
    printFigures('cluster', {
      clusterCommandsPerSec: round(clusterRate),
      embeddedCommandsPerSec: round(latencies.bench.length / seconds),
      ratio: round(latencies.cluster.length / Math.max(latencies.bench.length, 1), 2),
      roundRatios: roundRatios.map((x) => round(x, 2)).join(' '),
      clusterP50Ms: round(percentile(latencies.cluster, 50)),
      clusterP99Ms: round(percentile(latencies.cluster, 99)),
      embeddedP50Ms: round(percentile(latencies.bench, 50)),
      embeddedP99Ms: round(percentile(latencies.bench, 99)),
      // Each command here produces one domain event, published on one of the topic's partitions.
      clusterCommandsPerSecPerHistoryProcess: round(clusterRate / HISTORY_PROCESSES),
      clusterEventsPerSecPerPartition: round(clusterRate / PARTITIONS),
      embeddedRetried503: retried.bench,
      clusterRetried503: retried.cluster,
      lanes: LANES,
      durationSec: seconds,
      rounds: ROUNDS,
      warmupSec: WARMUP_MS / 1000,
    });
  } finally {
    for (const stack of stacks.reverse()) await stopLaunched(stack, 120_000).catch((e: unknown) => log(String(e)));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
