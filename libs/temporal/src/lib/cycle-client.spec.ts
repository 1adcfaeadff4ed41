import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import type { CommandRequest } from '@suivi/cycle-workflow-api';
import { CommandNotDeliveredError, CycleClient } from './cycle-client';

const request: CommandRequest = {
  command: { type: 'ScheduleRound', roundId: 'R1', date: '2026-03-01' },
  metadata: { commandId: 'idem-1', actor: { userId: 'u', role: 'DESK_OFFICER' }, issuedAt: '2026-01-01T00:00:00Z' },
} as CommandRequest;

/** Just what CycleClient uses of the Temporal client; `update` plays the server. */
function fakeClient(
  update: (definition?: unknown, options?: { updateId?: string }) => Promise<unknown>,
  start: () => Promise<unknown> = async () => ({}),
) {
  const deadlines: number[] = [];
  const client = {
    withDeadline: async <T>(deadline: number, fn: () => Promise<T>) => {
      deadlines.push(deadline);
      return fn();
    },
    workflow: {
      getHandle: () => ({ executeUpdate: update }),
      start,
    },
  } as unknown as Client;
  return { client, deadlines };
}

/** gRPC status codes (grpc.status). */
const grpcStatus = { CANCELLED: 1, FAILED_PRECONDITION: 9, INTERNAL: 13, UNAVAILABLE: 14 } as const;

const grpcError = (code: number, details: string) => Object.assign(new Error(details), { code, details, metadata: {} });

describe('CycleClient delivery bound', () => {
  it('sends the Update under one deadline, delivery timeout from now', async () => {
    const { client, deadlines } = fakeClient(async () => ({ version: 2, events: [] }));
    const before = Date.now();
    await expect(
      new CycleClient(client, 'q', { deliveryTimeoutMs: 10_000 }).execute('kh-hrd-1', request),
    ).resolves.toEqual({ version: 2, events: [] });
    expect(deadlines).toHaveLength(1);
    expect(deadlines[0]).toBeGreaterThanOrEqual(before + 10_000);
    expect(deadlines[0]).toBeLessThanOrEqual(Date.now() + 10_000);
  });

  it('turns a missed deadline (the SDK reports it as a cancelled Update call) into CommandNotDeliveredError', async () => {
    const timedOut = new WorkflowUpdateRPCTimeoutOrCancelledError('Call cancelled', {
      cause: grpcError(grpcStatus.CANCELLED, 'Call cancelled'),
    });
    const { client } = fakeClient(() => Promise.reject(timedOut));
    const attempt = new CycleClient(client, 'q', { deliveryTimeoutMs: 3000 }).execute('kh-hrd-1', request);
    await expect(attempt).rejects.toBeInstanceOf(CommandNotDeliveredError);
    await expect(attempt).rejects.toMatchObject({
      cycleId: 'kh-hrd-1',
      timeoutMs: 3000,
      message: 'The command for cycle kh-hrd-1 was not delivered within 3000 ms.',
      cause: timedOut,
    });
  });

  it('treats a server unreachable until the deadline as not delivered, for a start too', async () => {
    const unreachable = new ServiceError('Failed to start Workflow', {
      cause: grpcError(grpcStatus.UNAVAILABLE, 'No connection established'),
    });
    const { client } = fakeClient(
      () => Promise.reject(unreachable),
      () => Promise.reject(unreachable),
    );
    const cycles = new CycleClient(client, 'q', { deliveryTimeoutMs: 3000 });
    await expect(cycles.execute('kh-hrd-1', request)).rejects.toBeInstanceOf(CommandNotDeliveredError);
    await expect(
      cycles.start(
        {
          type: 'StartCycle',
          cycleId: 'kh-hrd-2026-abcd',
          cycleType: 'HUMAN_RIGHTS_DIALOGUE',
          country: 'KH',
          title: 'EU-Cambodia Human Rights Dialogue',
          timeZone: 'Asia/Phnom_Penh',
        },
        request.metadata,
      ),
    ).rejects.toBeInstanceOf(CommandNotDeliveredError);
  });

  /** What the server answers while the cycle's last workflow task failed or timed out (a worker died holding it). */
  const refusedWhileTaskFails = () =>
    new ServiceError('Workflow Update failed', {
      cause: grpcError(
        grpcStatus.FAILED_PRECONDITION,
        '9 FAILED_PRECONDITION: Unable to perform workflow execution update due to Workflow Task in failed state.',
      ),
    });

  it('sends the Update again, with the same id, while the workflow task fails, until a worker takes it', async () => {
    const updateIds: unknown[] = [];
    let calls = 0;
    const { client } = fakeClient(async (_definition, options) => {
      updateIds.push(options?.updateId);
      if (++calls < 3) throw refusedWhileTaskFails();
      return { version: 3, events: [] };
    });
    await expect(
      new CycleClient(client, 'q', { deliveryTimeoutMs: 10_000 }).execute('kh-hrd-1', request),
    ).resolves.toEqual({ version: 3, events: [] });
    expect(updateIds).toEqual(['idem-1', 'idem-1', 'idem-1']);
  });

  it('answers not delivered (a 503 to the API, never a 500) when the workflow task still fails at the bound', async () => {
    const refusal = refusedWhileTaskFails();
    let calls = 0;
    const { client } = fakeClient(() => {
      calls++;
      return Promise.reject(refusal);
    });
    const startedAt = Date.now();
    const attempt = new CycleClient(client, 'q', { deliveryTimeoutMs: 600 }).execute('kh-hrd-1', request);
    await expect(attempt).rejects.toBeInstanceOf(CommandNotDeliveredError);
    await expect(attempt).rejects.toMatchObject({ cycleId: 'kh-hrd-1', timeoutMs: 600, cause: refusal });
    // Sent again within the bound (after 250 ms), not past it (the next pause would end after 600 ms).
    expect(calls).toBe(2);
    expect(Date.now() - startedAt).toBeLessThan(600);
  });

  it('leaves other failures alone, and sets no deadline without a bound', async () => {
    const other = new ServiceError('Workflow Update failed', { cause: grpcError(grpcStatus.INTERNAL, 'boom') });
    const bounded = fakeClient(() => Promise.reject(other));
    await expect(
      new CycleClient(bounded.client, 'q', { deliveryTimeoutMs: 3000 }).execute('kh-hrd-1', request),
    ).rejects.toBe(other);
    const unbounded = fakeClient(async () => ({ version: 1, events: [] }));
    await new CycleClient(unbounded.client, 'q').execute('kh-hrd-1', request);
    expect(unbounded.deadlines).toEqual([]);
  });
});
