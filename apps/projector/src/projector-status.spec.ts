import { PartitionHealth } from './projector-status';
import { databaseError } from './testing/in-memory-read-model';

describe('PartitionHealth', () => {
  it('reports a partition stuck once its batches have failed for longer than the threshold, until one succeeds', () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    const health = new PartitionHealth(60_000, () => now);
    health.assign([0, 1]);
    health.succeeded(0);
    health.succeeded(1);
    now += 1000;
    health.failed(1, Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    now += 59_000;
    expect(health.stuckPartitions()).toEqual([]);
    health.failed(1, databaseError('57P01'));
    now += 1000;
    expect(health.stuckPartitions()).toEqual([1]);
    expect(health.statuses()[1]).toEqual({
      partition: 1,
      lastProgressAt: new Date('2026-12-01T10:00:00Z'),
      failingSince: new Date('2026-12-01T10:00:01Z'),
      stuckSince: new Date('2026-12-01T10:01:01Z'),
      lastError: '57P01',
    });
    health.succeeded(1);
    expect(health.stuckPartitions()).toEqual([]);
    expect(health.statuses()[1]).toMatchObject({ failingSince: null, stuckSince: null, lastError: null });
  });

  it('keeps the failure history of partitions still owned after a rebalance and forgets the others', () => {
    let now = 0;
    const health = new PartitionHealth(10, () => now);
    health.failed(0, new Error('x'));
    health.failed(2, new Error('x'));
    now = 100;
    health.assign([0, 1]);
    expect(health.statuses().map((s) => [s.partition, s.stuckSince !== null])).toEqual([
      [0, true],
      [1, false],
    ]);
  });
});
