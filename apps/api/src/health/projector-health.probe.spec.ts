import { HealthIndicatorService } from '@nestjs/terminus';
import type { PostgresPoolService } from '../clients/postgres-pool.service';
import { ProjectorHealthIndicator, readProjectorHealth } from './projector-health.probe';

type Rows = Record<string, unknown>[];

/** A pool answering the probe's two queries with the given rows (or failing with `error`). */
function fakePool(status: Rows, repairs: Rows, error?: Error): PostgresPoolService {
  const query = async (text: string) => {
    if (error) throw error;
    return { rows: text.includes('projector_status') ? status : repairs };
  };
  return { pool: { query } } as unknown as PostgresPoolService;
}

const indicator = (postgres: PostgresPoolService, timeoutMs = 500) =>
  new ProjectorHealthIndicator(new HealthIndicatorService(), postgres, timeoutMs);

const progress = new Date('2026-12-01T10:00:00Z');
const partition = (n: number, stuckSince: Date | null = null, lastError: string | null = null) => ({
  consumer_group: 'suivi-projector',
  topic: 'suivi.cycle-log.v1',
  partition: n,
  last_progress_at: progress,
  stuck_since: stuckSince,
  last_error: lastError,
});
const repair = (cycleId: string, total: number) => ({
  total,
  cycle_id: cycleId,
  repair_since: new Date('2026-12-01T09:00:00Z'),
  repair_sequence: 4,
  repair_reason: 'SQLSTATE 22021 character_not_in_repertoire',
});

describe('ProjectorHealthIndicator', () => {
  it('is up (ok) when no partition is stuck and no cycle needs repair', async () => {
    const result = await indicator(fakePool([partition(0), partition(1)], [])).check('projector');
    expect(result).toEqual({
      projector: {
        status: 'up',
        state: 'ok',
        partitions: 2,
        lastProgressAt: '2026-12-01T10:00:00.000Z',
        partitionsStuck: [],
        cyclesNeedingRepair: 0,
      },
    });
  });

  it('stays up but degraded when cycles need repair, listing them by id and SQLSTATE', async () => {
    const result = await indicator(
      fakePool([partition(0)], [repair('KH-HRD-2026', 2), repair('LK-GSP-2026', 2)]),
    ).check('projector');
    expect(result['projector']).toMatchObject({
      status: 'up',
      state: 'degraded',
      message: 'degraded, 2 cycles need repair',
      cyclesNeedingRepair: 2,
      cycles: [
        {
          cycleId: 'KH-HRD-2026',
          since: '2026-12-01T09:00:00.000Z',
          heldFromSequence: 4,
          reason: 'SQLSTATE 22021 character_not_in_repertoire',
        },
        expect.objectContaining({ cycleId: 'LK-GSP-2026' }),
      ],
    });
  });

  it('is down when a partition is stuck, saying which and since when', async () => {
    const stuckSince = new Date('2026-12-01T10:05:00Z');
    const result = await indicator(fakePool([partition(0), partition(3, stuckSince, '57P01')], [repair('X', 1)])).check(
      'projector',
    );
    expect(result['projector']).toMatchObject({
      status: 'down',
      state: 'stuck',
      message: 'partition 3 of suivi.cycle-log.v1 stuck since 2026-12-01T10:05:00.000Z (57P01); 1 cycle needs repair',
      partitionsStuck: [
        {
          consumerGroup: 'suivi-projector',
          topic: 'suivi.cycle-log.v1',
          partition: 3,
          stuckSince: '2026-12-01T10:05:00.000Z',
          lastProgressAt: '2026-12-01T10:00:00.000Z',
          lastError: '57P01',
        },
      ],
    });
  });

  it('adds no entry when PostgreSQL cannot be reached (the postgres entry reports it)', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' });
    expect(await indicator(fakePool([], [], refused)).check('projector')).toEqual({});
    const hanging = { pool: { query: () => new Promise(() => undefined) } } as unknown as PostgresPoolService;
    expect(await indicator(hanging, 20).check('projector')).toEqual({});
  });

  it('is up with an unknown state before the projector created its tables', async () => {
    const missing = Object.assign(new Error('relation "read_model_control.projector_status" does not exist'), {
      code: '42P01',
      severity: 'ERROR',
    });
    expect(await indicator(fakePool([], [], missing)).check('projector')).toEqual({
      projector: { status: 'up', state: 'unknown', message: 'the projector has not recorded its status yet' },
    });
  });

  it('is down, by SQLSTATE only, when the server refuses to read the status', async () => {
    const denied = Object.assign(new Error('permission denied for table projector_status'), {
      code: '42501',
      severity: 'ERROR',
    });
    expect(await indicator(fakePool([], [], denied)).check('projector')).toEqual({
      projector: { status: 'down', state: 'unknown', message: 'projector status unreadable (SQLSTATE 42501)' },
    });
  });
});

describe('readProjectorHealth', () => {
  it('reads the latest progress over the partitions and counts every cycle needing repair', async () => {
    const later = new Date('2026-12-01T11:00:00Z');
    const health = await readProjectorHealth(
      fakePool(
        [partition(0), { ...partition(1), last_progress_at: later }, { ...partition(2), last_progress_at: null }],
        [repair('A', 25)],
      ).pool,
    );
    expect(health).toMatchObject({ partitions: 3, lastProgressAt: later.toISOString(), cyclesNeedingRepair: 25 });
    expect(health.cycles).toHaveLength(1);
  });
});
