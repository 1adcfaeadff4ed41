import { decide, evolve, initialState, rejectionCodes } from '@suivi/domain';
import { runIdempotently, sha256 } from './idempotency';
import type { Claim, IdempotencyStore, StoredResponse } from './idempotency.store';
import { rejectionStatus } from './rejection-status';

/** The PostgreSQL store's contract in memory: the first claim wins, atomically. */
class MemoryStore implements IdempotencyStore {
  readonly records = new Map<string, { hash: string; response?: StoredResponse }>();
  async claim(userId: string, key: string, requestHash: string): Promise<Claim> {
    const id = `${userId}\n${key}`;
    const record = this.records.get(id);
    if (!record) {
      this.records.set(id, { hash: requestHash });
      return { kind: 'claimed' };
    }
    if (record.hash !== requestHash) return { kind: 'different-request' };
    return record.response ? { kind: 'answered', response: record.response } : { kind: 'pending' };
  }
  async complete(userId: string, key: string, response: StoredResponse): Promise<void> {
    const record = this.records.get(`${userId}\n${key}`);
    if (record) record.response = response;
  }
  async release(userId: string, key: string): Promise<void> {
    this.records.delete(`${userId}\n${key}`);
  }
}

const fast = { pendingWaitMs: 2000, pollMs: 5 };
const request = { userId: 'desk.kh', key: 'k-1', fingerprint: 'POST /v1/cycles/c/rounds {"roundId":"R1"}' };

describe('runIdempotently', () => {
  it('runs once and replays the stored answer to a retry, marked as replayed', async () => {
    const store = new MemoryStore();
    let runs = 0;
    const run = async () => ({ status: 200, body: { version: ++runs }, headers: { ETag: `"${runs}"` } });
    const first = await runIdempotently(store, request, run, fast);
    const retry = await runIdempotently(store, request, run, fast);
    expect(runs).toBe(1);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers).toMatchObject({ ETag: '"1"', 'Idempotent-Replayed': 'true' });
  });

  it('applies two copies arriving at once only once; the second waits for the first answer', async () => {
    const store = new MemoryStore();
    let runs = 0;
    const run = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 50));
      return { status: 200, body: { version: 8 }, headers: {} };
    };
    const [a, b] = await Promise.all([
      runIdempotently(store, request, run, fast),
      runIdempotently(store, request, run, fast),
    ]);
    expect(runs).toBe(1);
    expect(b.body).toEqual(a.body);
  });

  it('refuses the same key with another request (422)', async () => {
    const store = new MemoryStore();
    await runIdempotently(store, request, async () => ({ status: 200, body: {}, headers: {} }), fast);
    await expect(
      runIdempotently(store, { ...request, fingerprint: 'POST /v1/cycles/c/rounds {"roundId":"R2"}' }, async () => ({
        status: 200,
        body: {},
        headers: {},
      })),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('stores a refusal as an answer too: the retry gets the same 4xx, not a second attempt', async () => {
    const store = new MemoryStore();
    let runs = 0;
    const refused = async () => ({ status: 409, body: { code: 'ROUND_ALREADY_CLOSED', n: ++runs }, headers: {} });
    await runIdempotently(store, request, refused, fast);
    const retry = await runIdempotently(store, request, refused, fast);
    expect(retry).toMatchObject({ status: 409, body: { n: 1 } });
    expect(runs).toBe(1);
  });

  it('frees the key when the server fails, so a retry runs again', async () => {
    const store = new MemoryStore();
    await expect(
      runIdempotently(
        store,
        request,
        async () => {
          throw new Error('Temporal unavailable');
        },
        fast,
      ),
    ).rejects.toThrow('Temporal unavailable');
    const retry = await runIdempotently(
      store,
      request,
      async () => ({ status: 200, body: { ok: true }, headers: {} }),
      fast,
    );
    expect(retry.body).toEqual({ ok: true });
  });

  it('runs the command itself when the first request never answers (its process died)', async () => {
    const store = new MemoryStore();
    await store.claim(request.userId, request.key, sha256(request.fingerprint));
    const retry = await runIdempotently(
      store,
      request,
      async () => ({ status: 200, body: { resumed: true }, headers: {} }),
      {
        pendingWaitMs: 30,
        pollMs: 5,
      },
    );
    expect(retry.body).toEqual({ resumed: true });
  });
});

describe('rejectionStatus', () => {
  it('answers 409 for state conflicts, 412 for a stale version, 422 for invalid commands', () => {
    expect(rejectionStatus('ROUND_ALREADY_CLOSED')).toBe(409);
    expect(rejectionStatus('ACTION_POINT_ALREADY_ASSESSED')).toBe(409);
    expect(rejectionStatus('CYCLE_ALREADY_EXISTS')).toBe(409);
    expect(rejectionStatus('VERSION_CONFLICT')).toBe(412);
    expect(rejectionStatus('DEADLINE_BEFORE_ROUND_DATE')).toBe(422);
    expect(rejectionStatus('UNKNOWN_ACTION_POINT')).toBe(422);
  });

  it('gives every domain code a client-error status, except those only an API bug can cause (500)', () => {
    const serverSide = new Set([
      'INVALID_METADATA',
      'UNKNOWN_COMMAND',
      'UNKNOWN_FIELD',
      'CYCLE_ID_MISMATCH',
      'REMINDER_NOT_PENDING',
      'REMINDER_NOT_DUE',
      'INVALID_CASE_REF',
    ]);
    for (const code of rejectionCodes) {
      expect([code, rejectionStatus(code)]).toEqual([code, serverSide.has(code) ? 500 : expect.any(Number)]);
      if (!serverSide.has(code)) expect([409, 422]).toContain(rejectionStatus(code));
    }
    expect(rejectionStatus('SOMETHING_NEW')).toBe(500);
  });

  it('maps real domain refusals: a duplicate round conflicts, a deadline before its round is invalid', () => {
    const meta = (n: number) => ({
      commandId: `c${n}`,
      actor: { userId: 'd', role: 'DESK_OFFICER' as const },
      issuedAt: '2026-11-23T10:00:00.000Z',
    });
    let state = initialState('kh-1');
    const apply = (command: Parameters<typeof decide>[1], n: number) => {
      const d = decide(state, command, meta(n));
      if (d.accepted) for (const e of d.events) state = evolve(state, e);
      return d;
    };
    apply(
      {
        type: 'StartCycle',
        cycleId: 'kh-1',
        cycleType: 'HUMAN_RIGHTS_DIALOGUE',
        country: 'KH',
        title: 'D',
        timeZone: 'UTC',
      },
      1,
    );
    apply({ type: 'ScheduleRound', roundId: 'R1', date: '2026-12-01' }, 2);
    const duplicate = apply({ type: 'ScheduleRound', roundId: 'R1', date: '2026-12-01' }, 3);
    const early = apply(
      {
        type: 'ProposeActionPoint',
        actionPointId: 'A',
        roundId: 'R1',
        text: 't',
        owner: 'EU',
        deadline: '2026-11-30',
        priority: 'LOW',
        themes: ['I.C'],
        conventions: [],
        unReferences: [],
      },
      4,
    );
    expect(!duplicate.accepted && rejectionStatus(duplicate.error.code)).toBe(409);
    expect(!early.accepted && rejectionStatus(early.error.code)).toBe(422);
  });
});
