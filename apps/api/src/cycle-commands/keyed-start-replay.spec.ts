import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { ApiConfig } from '@suivi/config';
import type { TemporalClientService } from '../clients/temporal-client.service';
import { MetricsService } from '../metrics/metrics.service';
import { CycleCommandsService } from './cycle-commands.service';
import type { Claim, IdempotencyStore, StoredResponse } from './idempotency.store';

/** The keyed start that finds its cycle: a replay only when the state says it is this request's cycle. */
describe('a keyed start whose cycle already exists', () => {
  class MemoryStore implements IdempotencyStore {
    readonly records = new Map<string, { response?: StoredResponse }>();
    async claim(userId: string, key: string): Promise<Claim> {
      const record = this.records.get(`${userId}\n${key}`);
      if (!record) {
        this.records.set(`${userId}\n${key}`, {});
        return { kind: 'claimed' };
      }
      return record.response ? { kind: 'answered', response: record.response } : { kind: 'pending' };
    }
    async complete(userId: string, key: string, response: StoredResponse): Promise<void> {
      this.records.set(`${userId}\n${key}`, { response });
    }
    async release(userId: string, key: string): Promise<void> {
      this.records.delete(`${userId}\n${key}`);
    }
  }

  const serviceWith = (query: () => Promise<unknown>, store = new MemoryStore()) => {
    const client = {
      withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
      workflow: {
        start: async () => {
          throw new WorkflowExecutionAlreadyStartedError('exists', 'kh-hrd', 'CycleWorkflow');
        },
        getHandle: () => ({ query }),
      },
    } as unknown as Client;
    const temporal = { getClient: async () => client } as unknown as TemporalClientService;
    const config = { TEMPORAL_TASK_QUEUE: 'q', COMMAND_DELIVERY_TIMEOUT_MS: 10_000 } as unknown as ApiConfig;
    return { service: new CycleCommandsService(temporal, config, store, new MetricsService()), store };
  };
  const start = {
    type: 'StartCycle' as const,
    cycleId: 'kh-hrd-2026-aaaa',
    cycleType: 'HUMAN_RIGHTS_DIALOGUE' as const,
    country: 'KH',
    title: 'EU-Cambodia dialogue',
    timeZone: 'Asia/Phnom_Penh',
  };
  const context = {
    principal: { userId: 'desk.kh', role: 'desk-officer' as const, countries: ['KH'] },
    fingerprint: 'POST /v1/cycles {}',
    idempotencyKey: 'key-1',
  };

  it('answers as the start did when the cycle is this request’s', async () => {
    const { service } = serviceWith(async () => ({ ...start, version: 1 }));
    const answer = await service.start(context, start);
    expect(answer).toMatchObject({ status: 201, headers: { 'Idempotent-Replayed': 'true' } });
  });

  it('answers 409 when the cycle is another one', async () => {
    const { service } = serviceWith(async () => ({ ...start, title: 'Another dialogue', version: 3 }));
    expect((await service.start(context, start)).status).toBe(409);
    const gone = serviceWith(async () => {
      throw new WorkflowNotFoundError('gone', 'x', undefined);
    });
    expect((await gone.service.start(context, start)).status).toBe(409);
  });

  it('reports a failure to read the cycle’s state and frees the key, instead of answering 409', async () => {
    const { service, store } = serviceWith(async () => {
      throw new Error('query timed out');
    });
    await expect(service.start(context, start)).rejects.toThrow('query timed out');
    expect(store.records.size).toBe(0);
  });
});
