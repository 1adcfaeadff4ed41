import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Topics } from '@suivi/contracts';
import { issueDevTokenForProfile } from '@suivi/dev-issuer';
import { createKafka } from '@suivi/kafka';
import {
  launch,
  pollUntil,
  readStackFile,
  stopLaunched,
  suiviHome,
  waitForReady,
  type LaunchedStack,
  type StackFile,
} from '@suivi/test-support';

/**
 * Issue 14, defect 2: a worker killed with SIGKILL went unnoticed: nothing restarted it,
 * readiness stayed 200 and commands hung for minutes. Under a steady load of keyed commands,
 * this kills the worker of the e2e stack (started by the launcher, as `npm start` does) and
 * checks that commands answer 503 with Retry-After within the delivery bound, that the
 * launcher restarts the worker by itself, that every command retried with its key is applied
 * exactly once (its event on Kafka once), and that readiness names a stopped worker.
 */

/** COMMAND_DELIVERY_TIMEOUT_MS (default) and what an answer may take beyond it on a busy machine. */
const DELIVERY_BOUND_MS = 10_000;
const MARGIN_MS = 5_000;
const CLIENTS = 3;
const DAY = 86_400_000;

interface Attempt {
  status: number;
  startedAt: number;
  ms: number;
  retryAfter: string | null;
  contentType: string | null;
  code?: string;
}

interface Command {
  cycleId: string;
  roundId: string;
  key: string;
  attempts: Attempt[];
  acceptedAt?: number;
}

const workerPidFile = () => join(suiviHome(), 'e2e', 'run', 'worker.pid');
const workerPid = () => Number(readFileSync(workerPidFile(), 'utf8').trim());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a worker that dies (e2e profile, whole stack through the launcher)', () => {
  let launched: LaunchedStack | undefined;
  let stack: StackFile;
  let api: string;
  let token: string;

  beforeAll(async () => {
    rmSync(join(suiviHome(), 'e2e', 'data'), { recursive: true, force: true });
    launched = launch('start', 'e2e', { SUIVI_DEMO_DATA: 'false' });
    await waitForReady(launched, 540_000);
    stack = readStackFile('e2e');
    api = `http://127.0.0.1:${stack.ports.api}`;
    token = await issueDevTokenForProfile('e2e', { userId: 'desk.kh', role: 'desk-officer', countries: ['KH'] });
  }, 600_000);

  afterAll(async () => {
    if (!launched) return;
    const output = launched.output();
    const code = await stopLaunched(launched);
    // Stopping (SIGTERM) must not look like crashes: nothing restarted after the signal.
    const afterSignal = launched.output().slice(output.length);
    expect(afterSignal).not.toMatch(/exited unexpectedly|restarted \(pid/);
    expect(code).toBe(0);
  });

  const post = async (path: string, body: unknown, key: string) => {
    const startedAt = Date.now();
    const response = await fetch(`${api}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
      // Far beyond the bound: a hang shows as a long attempt, not as a client-side abort.
      signal: AbortSignal.timeout(120_000),
    });
    const text = await response.text();
    const json = /json/.test(response.headers.get('content-type') ?? '')
      ? (JSON.parse(text) as Record<string, unknown>)
      : {};
    const attempt: Attempt = {
      status: response.status,
      startedAt,
      ms: Date.now() - startedAt,
      retryAfter: response.headers.get('retry-after'),
      contentType: response.headers.get('content-type'),
      code: typeof json['code'] === 'string' ? json['code'] : undefined,
    };
    return { attempt, body: json };
  };

  it('answers 503 with Retry-After within the bound, restarts the worker, and applies every keyed command exactly once', async () => {
    const cycles: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const started = await post(
        '/v1/cycles',
        {
          type: 'HUMAN_RIGHTS_DIALOGUE',
          country: 'KH',
          title: `Worker crash dialogue ${i}`,
          timeZone: 'Asia/Phnom_Penh',
        },
        randomUUID(),
      );
      expect(started.attempt.status).toBe(201);
      cycles.push(started.body['cycleId'] as string);
    }

    // Steady load: each client schedules rounds on its own cycle, one command at a time, each
    // retried with its own Idempotency-Key (after Retry-After) until accepted.
    const commands: Command[] = [];
    let stopLoad = false;
    const client = async (cycleId: string) => {
      for (let n = 1; !stopLoad; n++) {
        const command: Command = { cycleId, roundId: `R${n}`, key: randomUUID(), attempts: [] };
        commands.push(command);
        for (;;) {
          const { attempt } = await post(
            `/v1/cycles/${cycleId}/rounds`,
            { roundId: command.roundId, date: new Date(Date.now() + n * DAY).toISOString().slice(0, 10) },
            command.key,
          );
          command.attempts.push(attempt);
          if (attempt.status === 200) {
            command.acceptedAt = Date.now();
            break;
          }
          if (attempt.status !== 503) break; // anything else is a failure, asserted below
          await sleep(Number(attempt.retryAfter ?? '1') * 1000);
        }
        await sleep(200);
      }
    };
    const load = Promise.all(cycles.map((cycleId) => client(cycleId)));

    await pollUntil(async () => (commands.filter((c) => c.acceptedAt).length >= 6 ? true : undefined), 60_000);
    const killedPid = workerPid();
    const killedAt = Date.now();
    process.kill(killedPid, 'SIGKILL');

    // The launcher brings it back by itself, with its new pid in the pid file.
    const restartedPid = await pollUntil(async () => {
      if (!existsSync(workerPidFile())) return undefined;
      const pid = workerPid();
      return pid !== killedPid ? pid : undefined;
    }, 60_000);
    const restartedAt = Date.now();
    expect(existsSync(`/proc/${restartedPid}`)).toBe(true);
    expect(launched?.output()).toContain(`worker (pid ${killedPid}) exited unexpectedly; restart 1 in 1 s.`);
    expect(launched?.output()).toContain('worker exited (signal SIGKILL)');

    // Commands succeed again by themselves; the load goes on for a while after that.
    const recoveredAt = await pollUntil(async () => {
      const after = commands.filter((c) => c.acceptedAt && c.attempts[0].startedAt > restartedAt);
      return after.length >= CLIENTS ? Math.min(...after.map((c) => c.acceptedAt as number)) : undefined;
    }, 120_000);
    await sleep(5000);
    stopLoad = true;
    await load;

    const attempts = commands.flatMap((c) => c.attempts);
    const unavailable = attempts.filter((a) => a.status === 503);
    const figures = {
      commands: commands.length,
      attempts: attempts.length,
      answered503: unavailable.length,
      longest503Ms: Math.max(0, ...unavailable.map((a) => a.ms)),
      longestAttemptMs: Math.max(...attempts.map((a) => a.ms)),
      first503AfterKillMs: unavailable.length
        ? Math.min(...unavailable.map((a) => a.startedAt + a.ms)) - killedAt
        : null,
      last503AfterKillMs: unavailable.length
        ? Math.max(...unavailable.map((a) => a.startedAt + a.ms)) - killedAt
        : null,
      workerBackAfterMs: restartedAt - killedAt,
      commandsSucceedAgainAfterMs: recoveredAt - killedAt,
    };
    process.stdout.write(`worker crash figures: ${JSON.stringify(figures)}\n`);

    // Commands sent while the worker was dead answered 503 problem+json with Retry-After...
    expect(unavailable.length).toBeGreaterThan(0);
    for (const attempt of unavailable) {
      expect(attempt.code).toBe('WORKER_UNAVAILABLE');
      expect(attempt.contentType).toMatch(/^application\/problem\+json/);
      expect(Number(attempt.retryAfter)).toBeGreaterThan(0);
    }
    // ... and none hung: every answer came within the bound plus a margin.
    expect(figures.longestAttemptMs).toBeLessThanOrEqual(DELIVERY_BOUND_MS + MARGIN_MS);
    // Every command was accepted in the end, with no other answer on the way (a 409
    // DUPLICATE_ROUND would mean a retry applied a command a second time).
    for (const command of commands) {
      expect(command.attempts.map((a) => a.status).filter((s) => s !== 503)).toEqual([200]);
    }

    // Each accepted command's event is on Kafka exactly once (copies of one event id, which
    // at-least-once publication allows, are dropped first, as a consumer does).
    const expected = new Map(commands.map((c) => [`${c.cycleId} ${c.roundId}`, 0]));
    const kafka = createKafka({
      brokers: stack.env.KAFKA_BROKERS.split(','),
      clientId: 'e2e-worker-crash',
      log: () => undefined,
    });
    const consumer = kafka.consumer({ groupId: `e2e-worker-crash-${randomUUID()}` });
    const events = new Map<string, { subject: string; type: string; data: { roundId?: string } }>();
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.cycleEvents, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const cycleId = message.key?.toString() ?? '';
        if (!cycles.includes(cycleId)) return;
        const event = JSON.parse(message.value?.toString() ?? '{}') as {
          id: string;
          subject: string;
          type: string;
          data: { roundId?: string };
        };
        events.set(event.id, event);
      },
    });
    const roundsScheduled = () => [...events.values()].filter((e) => e.type.includes('round.scheduled'));
    try {
      await pollUntil(async () => (roundsScheduled().length >= commands.length ? true : undefined), 120_000);
      await sleep(3000); // a late duplicate would arrive now
    } finally {
      await consumer.disconnect();
    }
    for (const event of roundsScheduled()) {
      const id = `${event.subject} ${event.data.roundId}`;
      expect(expected.has(id)).toBe(true);
      expected.set(id, (expected.get(id) ?? 0) + 1);
    }
    expect([...expected.entries()].filter(([, count]) => count !== 1)).toEqual([]);
  });

  it('reports the worker on /health/ready: 503 naming it while it is stopped, 200 once it runs again', async () => {
    const ready = async () => {
      const response = await fetch(`${api}/health/ready`, { signal: AbortSignal.timeout(10_000) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect((await ready()).status).toBe(200);
    // SIGSTOP: the process stays (the supervisor sees no exit) but polls no more, as a hung worker.
    const pid = workerPid();
    const stoppedAt = Date.now();
    process.kill(pid, 'SIGSTOP');
    try {
      const notReady = await pollUntil(async () => {
        const answer = await ready();
        return answer.status === 503 ? answer.body : undefined;
      }, 60_000);
      process.stdout.write(`readiness 503 after ${Date.now() - stoppedAt} ms with the worker stopped\n`);
      expect(notReady['detail']).toMatch(/worker \(no worker is polling task queue/);
      expect((notReady['error'] as Record<string, { status: string }>)['worker'].status).toBe('down');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const resumedAt = Date.now();
    const back = await pollUntil(async () => {
      const answer = await ready();
      return answer.status === 200 ? answer.body : undefined;
    }, 60_000);
    process.stdout.write(`readiness 200 again ${Date.now() - resumedAt} ms after the worker resumed\n`);
    expect((back['info'] as Record<string, { status: string }>)['worker'].status).toBe('up');
    expect(workerPid()).toBe(pid); // not restarted: it never exited
  });
});
