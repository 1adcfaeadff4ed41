import type { Pool } from 'pg';
import { Topics } from '@suivi/contracts';
import { pollUntil } from '@suivi/test-support';
import { isAlive, pidOf, sleep, waitForRestart } from './chaos-stack';
import type { Kafka } from './event-log-reader';
import { finishRebuild, rebuildInProgress, startRebuild } from './read-model-rebuild';

/** What a fault needs: the stack's Kafka (to find a partition's leader) and database (to see a rebuild). */
export interface FaultContext {
  kafka: Kafka;
  pool: Pool;
  log: (message: string) => void;
}

/** One fault, injected alone while the load runs; resolves once the fault is over and every process is back. */
export interface Fault {
  name: string;
  /** How long the fault lasts, roughly: the reminders of its phase fall due over this span and 20 s more. */
  expectedSeconds: number;
  inject: (ctx: FaultContext) => Promise<Record<string, string | number>>;
}

/** SIGKILL to one process, then the launcher's restart (a new pid in the pid file). */
async function killAndAwaitRestart(name: string, signal: NodeJS.Signals) {
  const pid = pidOf(name);
  const at = Date.now();
  process.kill(pid, signal);
  const restarted = await waitForRestart(name, pid);
  return { pid, restarted, backAfterMs: Date.now() - at };
}

const WORKER_KILLS = 6;

/**
 * `kill -9` of a worker replica every 10 s, alternating: the launcher's crash-loop rule (more
 * than 5 unexpected exits of one process within 2 minutes stops the stack, ADR 0015) allows
 * three per replica, and the other replica keeps polling meanwhile.
 */
export const workerKilledEvery10s: Fault = {
  name: 'worker replica kill -9 every 10 s',
  expectedSeconds: WORKER_KILLS * 10,
  inject: async ({ log }) => {
    const restarts: Array<Promise<unknown>> = [];
    for (let i = 0; i < WORKER_KILLS; i++) {
      const name = `worker-${(i % 2) + 1}`;
      const pid = pidOf(name);
      process.kill(pid, 'SIGKILL');
      log(`killed ${name} (pid ${pid})`);
      restarts.push(waitForRestart(name, pid));
      await sleep(10_000);
    }
    await Promise.all(restarts);
    return { kills: WORKER_KILLS };
  },
};

/** Node id of the leader of partition 0 of the public event log. */
async function leaderOfPartition0(kafka: Kafka): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [Topics.cycleEvents] });
    const partition = topics[0]?.partitions.find((p) => p.partitionId === 0);
    if (partition === undefined) throw new Error(`no partition 0 of ${Topics.cycleEvents}`);
    return partition.leader;
  } finally {
    await admin.disconnect();
  }
}

/** Waits until every partition of the event log has its three replicas in sync again. */
async function waitForFullIsr(kafka: Kafka): Promise<void> {
  await pollUntil(
    async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: [Topics.cycleEvents, Topics.cycleLog] });
        return topics.every((t) => t.partitions.every((p) => p.isr.length === 3)) ? true : undefined;
      } finally {
        await admin.disconnect();
      }
    },
    180_000,
    1000,
  );
}

const BROKER_STOPPED_MS = 60_000;

/**
 * A broker frozen with SIGSTOP for 60 s, then SIGCONT. Killed, the launcher would restart it
 * within seconds, so "stopped for 60 s" is a freeze; and a frozen broker is the harder case:
 * its connections stay open without an answer (no reset), as in a long GC pause or a network
 * partition, so clients must time out and the controllers fence it (ADR 0030).
 */
function brokerFrozen60s(which: 'follower' | 'leader'): Fault {
  return {
    name: which === 'leader' ? `leader of ${Topics.cycleEvents} partition 0 frozen 60 s` : 'Kafka broker frozen 60 s',
    expectedSeconds: BROKER_STOPPED_MS / 1000,
    inject: async ({ kafka, log }) => {
      const leader = await leaderOfPartition0(kafka);
      // A follower of partition 0 first (the leader's turn comes next), so the two faults differ.
      const nodeId = which === 'leader' ? leader : leader === 1 ? 2 : 1;
      const name = `kafka-${nodeId}`;
      const pid = pidOf(name);
      process.kill(pid, 'SIGSTOP');
      log(`froze ${name} (pid ${pid}; leader of partition 0: kafka-${leader})`);
      try {
        await sleep(BROKER_STOPPED_MS);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      const resumedAt = Date.now();
      await waitForFullIsr(kafka);
      if (!isAlive(pid) || pidOf(name) !== pid) throw new Error(`${name} did not survive its freeze`);
      return { broker: nodeId, leaderOfPartition0: leader, inSyncAgainAfterMs: Date.now() - resumedAt };
    },
  };
}

export const brokerStopped = brokerFrozen60s('follower');
export const leaderBrokerStopped = brokerFrozen60s('leader');

/** A Temporal service restarted: SIGTERM (its orderly stop), then the launcher starts it again. */
function temporalRestarted(service: 'history-1' | 'frontend'): Fault {
  return {
    name: `Temporal ${service} restarted`,
    expectedSeconds: 30,
    inject: async ({ log }) => {
      const { pid, restarted, backAfterMs } = await killAndAwaitRestart(`temporal-${service}`, 'SIGTERM');
      log(`restarted temporal-${service} (pid ${pid} -> ${restarted})`);
      return { backAfterMs };
    },
  };
}

export const historyRestarted = temporalRestarted('history-1');
export const frontendRestarted = temporalRestarted('frontend');

/** `kill -9` of a projector replica while `npm run read-model:rebuild` builds a new generation. */
export const projectorKilledDuringRebuild: Fault = {
  name: 'projector replica kill -9 during a read-model rebuild',
  expectedSeconds: 40,
  inject: async ({ pool, log }) => {
    const rebuild = startRebuild(false);
    let seen = false;
    await pollUntil(
      async () => {
        if (rebuild.child.exitCode !== null) throw new Error(`rebuild ended before the kill:\n${rebuild.output()}`);
        seen = await rebuildInProgress(pool);
        return seen ? true : undefined;
      },
      300_000,
      50,
    );
    const { pid, restarted, backAfterMs } = await killAndAwaitRestart('projector-1', 'SIGKILL');
    log(`killed projector-1 (pid ${pid} -> ${restarted}) during the rebuild`);
    await finishRebuild(rebuild);
    return { projectorBackAfterMs: backAfterMs };
  },
};

/** PostgreSQL stopped (SIGINT: its "fast" shutdown, what a restart does), then started again by the launcher. */
export const postgresRestarted: Fault = {
  name: 'PostgreSQL restarted',
  expectedSeconds: 30,
  inject: async ({ log }) => {
    const { pid, restarted, backAfterMs } = await killAndAwaitRestart('postgres', 'SIGINT');
    log(`restarted postgres (pid ${pid} -> ${restarted})`);
    return { backAfterMs };
  },
};

/** In the order the issue lists them, each alone. */
export const allFaults: readonly Fault[] = [
  workerKilledEvery10s,
  brokerStopped,
  leaderBrokerStopped,
  historyRestarted,
  frontendRestarted,
  projectorKilledDuringRebuild,
  postgresRestarted,
];
