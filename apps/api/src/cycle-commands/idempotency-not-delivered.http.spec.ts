import { WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { TemporalClientService } from '../clients/temporal-client.service';
import { TemporalCaseCycles } from '../individual-cases/case-cycles';
import { startTestApp, type TestApp } from '../testing/test-app';
import { MetricsService } from '../metrics/metrics.service';
import { CycleCommandsService, WorkerUnavailableProblem } from './cycle-commands.service';
import { PostgresIdempotencyStore, type Claim, type StoredResponse } from './idempotency.store';

/**
 * A command no worker takes (ADR 0015): Temporal is a fake that behaves as the SDK does when
 * the call's deadline fires with no worker polling, then as a recovered worker does; the
 * idempotency store is in memory. The route must answer 503 with Retry-After within the
 * bound, keep nothing as the key's answer, and apply the retry's Update once.
 */
describe('a command no worker takes', () => {
  let testApp: TestApp;
  let workerUp = false;
  /** Update ids the "workflow" applied, in order (a second copy of one id is not applied again). */
  const applied: string[] = [];
  const sentIds: string[] = [];
  const deadlines: number[] = [];
  const records = new Map<string, { hash: string; response?: StoredResponse }>();

  const fakeClient = {
    // What the SDK does: every call in fn's scope fails once the deadline passes.
    withDeadline: <T>(deadline: number, fn: () => Promise<T>): Promise<T> => {
      deadlines.push(deadline);
      return Promise.race([
        fn(),
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new WorkflowUpdateRPCTimeoutOrCancelledError('Call cancelled')),
            Math.max(0, deadline - Date.now()),
          ).unref(),
        ),
      ]);
    },
    workflow: {
      getHandle: () => ({
        describe: async () => ({ typedSearchAttributes: { get: () => 'KH' } }),
        executeUpdate: (_update: unknown, options: { updateId: string }) => {
          sentIds.push(options.updateId);
          if (!workerUp) return new Promise(() => undefined); // admitted, never taken
          if (!applied.includes(options.updateId)) applied.push(options.updateId);
          return Promise.resolve({ version: applied.length + 1, events: [{ type: 'RoundScheduled' }] });
        },
      }),
    },
  } as unknown as Client;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { COMMAND_DELIVERY_TIMEOUT_MS: '1000', COMMAND_RETRY_AFTER_SECONDS: '3' } });
    jest.spyOn(testApp.app.get(TemporalClientService), 'getClient').mockResolvedValue(fakeClient);
    const store = testApp.app.get(PostgresIdempotencyStore);
    jest.spyOn(store, 'claim').mockImplementation(async (userId, key, hash): Promise<Claim> => {
      const record = records.get(`${userId}\n${key}`);
      if (!record) {
        records.set(`${userId}\n${key}`, { hash });
        return { kind: 'claimed' };
      }
      if (record.hash !== hash) return { kind: 'different-request' };
      return record.response ? { kind: 'answered', response: record.response } : { kind: 'pending' };
    });
    jest.spyOn(store, 'complete').mockImplementation(async (userId, key, response) => {
      const record = records.get(`${userId}\n${key}`);
      if (record) record.response = response;
    });
    jest.spyOn(store, 'release').mockImplementation(async (userId, key) => {
      if (!records.get(`${userId}\n${key}`)?.response) records.delete(`${userId}\n${key}`);
    });
  });
  afterAll(() => testApp.close());

  const scheduleRound = async (headers: Record<string, string>) => {
    const started = Date.now();
    const response = await fetch(`${testApp.baseUrl}/v1/cycles/kh-1/rounds`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await testApp.token({ role: 'desk-officer', countries: ['KH'] })}`,
        ...headers,
      },
      body: JSON.stringify({ roundId: 'R7', date: '2027-01-15' }),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
      ms: Date.now() - started,
    };
  };

  it('answers 503 WORKER_UNAVAILABLE with Retry-After within the bound, then the keyed retry applies it once', async () => {
    workerUp = false;
    const first = await scheduleRound({ 'idempotency-key': 'round-r7' });
    expect(first.status).toBe(503);
    expect(first.ms).toBeGreaterThanOrEqual(900);
    expect(first.ms).toBeLessThan(3000);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(first.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(first.body).toMatchObject({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      code: 'WORKER_UNAVAILABLE',
    });
    expect(first.body['detail']).toMatch(/within 1 s: no worker is processing cycle commands/);
    // Not the key's answer: the record was freed.
    expect([...records.values()].filter((r) => r.response)).toEqual([]);

    const stillDown = await scheduleRound({ 'idempotency-key': 'round-r7' });
    expect(stillDown.status).toBe(503);

    workerUp = true;
    const retried = await scheduleRound({ 'idempotency-key': 'round-r7' });
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    const replayed = await scheduleRound({ 'idempotency-key': 'round-r7' });
    expect(replayed.status).toBe(200);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body).toEqual(retried.body);

    // Every copy carried the same Update id, so the workflow applied the command once.
    expect(new Set(sentIds).size).toBe(1);
    expect(applied).toEqual([sentIds[0]]);
  });

  it('answers the same 503 to a command without a key', async () => {
    workerUp = false;
    const response = await scheduleRound({});
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.body['code']).toBe('WORKER_UNAVAILABLE');
  });
});

describe('an individual-case command no worker takes', () => {
  it('throws the same 503 problem, with Retry-After, within the bound', async () => {
    const client = {
      withDeadline: <T>(deadline: number, fn: () => Promise<T>) =>
        Promise.race([
          fn(),
          new Promise<never>((_, reject) =>
            setTimeout(
              () => reject(new WorkflowUpdateRPCTimeoutOrCancelledError('Call cancelled')),
              deadline - Date.now(),
            ).unref(),
          ),
        ]),
      workflow: { getHandle: () => ({ executeUpdate: () => new Promise(() => undefined) }) },
    } as unknown as Client;
    const cycles = new TemporalCaseCycles(
      new CycleCommandsService(
        { getClient: async () => client } as unknown as TemporalClientService,
        { TEMPORAL_TASK_QUEUE: 'q', COMMAND_DELIVERY_TIMEOUT_MS: 1000, COMMAND_RETRY_AFTER_SECONDS: 4 } as never,
        {} as never,
        new MetricsService(),
      ),
    );
    const started = Date.now();
    const attempt = cycles.send({ userId: 'desk.kh', role: 'desk-officer', countries: ['KH'] } as never, 'kh-1', {
      type: 'EraseIndividualCase',
      actionPointId: 'AP1',
      caseRef: 'case-1',
    } as never);
    const error = await attempt.catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(error).toBeInstanceOf(WorkerUnavailableProblem);
    const problem = error as WorkerUnavailableProblem;
    expect(problem.getStatus()).toBe(503);
    expect(problem.headers).toEqual({ 'Retry-After': '4' });
    expect(problem.extensions).toMatchObject({ code: 'WORKER_UNAVAILABLE', retryAfterSeconds: 4 });
    expect(problem.detail).toMatch(/within 1 s: no worker is processing cycle commands/);
  });
});
