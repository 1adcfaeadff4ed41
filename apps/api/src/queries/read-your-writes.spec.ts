import type { Response } from 'express';
import { MAX_VERSION_AHEAD, MIN_VERSION_WAIT_MS } from './query-params';
import type { CycleParts } from './read-model-queries.service';
import {
  cycleAtLeast,
  POLL_DELAYS_MS,
  sleep,
  waitForCycleVersion,
  waitingRequestCount,
  type CyclePosition,
} from './read-your-writes';

const at = (version: number, needsRepair = false): CyclePosition => ({ country: 'KH', version, needsRepair });

/** A fake clock whose sleep only moves time, recording each pause. */
function fakeTime() {
  let now = 0;
  const pauses: number[] = [];
  return {
    pauses,
    now: () => now,
    sleep: async (ms: number) => {
      pauses.push(ms);
      now += ms;
    },
  };
}

/** A read returning the positions in turn (the last one again once they run out), counting reads. */
function reads(...positions: Array<CyclePosition | null>) {
  let calls = 0;
  return {
    count: () => calls,
    read: async () => positions[Math.min(calls++, positions.length - 1)],
  };
}

describe('waitForCycleVersion', () => {
  it('answers at once when the read model already holds the version, without a poll', async () => {
    const time = fakeTime();
    const source = reads(at(9));
    expect(await waitForCycleVersion(source.read, 7, at(7), time)).toEqual({ outcome: 'REACHED', position: at(7) });
    expect(source.count()).toBe(0);
    expect(time.pauses).toEqual([]);
  });

  it('polls, sooner first, until the version is there', async () => {
    const time = fakeTime();
    const source = reads(at(5), at(5), at(6), at(8));
    const result = await waitForCycleVersion(source.read, 8, undefined, time);
    expect(result).toEqual({ outcome: 'REACHED', position: at(8) });
    expect(source.count()).toBe(4);
    expect(time.pauses).toEqual(POLL_DELAYS_MS.slice(0, 3));
  });

  it('does not wait for a cycle the read model does not hold, one frozen for repair, or a version too far ahead', async () => {
    const time = fakeTime();
    expect((await waitForCycleVersion(reads(null).read, 3, undefined, time)).outcome).toBe('UNKNOWN');
    expect((await waitForCycleVersion(reads().read, 3, null, time)).outcome).toBe('UNKNOWN');
    expect((await waitForCycleVersion(reads().read, 9, at(5, true), time)).outcome).toBe('NEEDS_REPAIR');
    const far = await waitForCycleVersion(reads().read, 5 + MAX_VERSION_AHEAD + 1, at(5), time);
    expect(far.outcome).toBe('TOO_FAR_AHEAD');
    expect((await waitForCycleVersion(reads(at(5)).read, 5 + MAX_VERSION_AHEAD, at(5), time)).outcome).toBe(
      'TIMED_OUT',
    );
    expect(time.pauses.length).toBeGreaterThan(0); // only the last one waited
  });

  it('stops at the bound with what the read model holds, polling at a steady pace, never faster', async () => {
    const time = fakeTime();
    const source = reads(at(5), at(5), at(6));
    const result = await waitForCycleVersion(source.read, 8, undefined, time);
    expect(result).toEqual({ outcome: 'TIMED_OUT', position: at(6) });
    expect(time.now()).toBe(MIN_VERSION_WAIT_MS);
    const steady = POLL_DELAYS_MS[POLL_DELAYS_MS.length - 1];
    expect(Math.min(...time.pauses.slice(0, -1))).toBe(POLL_DELAYS_MS[0]);
    expect(time.pauses.slice(POLL_DELAYS_MS.length, -1).every((ms) => ms === steady)).toBe(true);
    // One read per pause, plus the first: about 20 reads in 5 s, not a busy loop.
    expect(source.count()).toBe(time.pauses.length + 1);
    expect(source.count()).toBeLessThanOrEqual(Math.ceil(MIN_VERSION_WAIT_MS / steady) + POLL_DELAYS_MS.length + 1);
    expect(waitingRequestCount()).toBe(0);
  });

  it('stops as soon as the client goes away', async () => {
    const controller = new AbortController();
    const source = reads(at(5));
    const waiting = waitForCycleVersion(source.read, 8, at(5), { signal: controller.signal, timeoutMs: 60_000 });
    controller.abort();
    expect((await waiting).outcome).toBe('ABORTED');
  });

  it('answers at once rather than wait when too many requests wait already', async () => {
    const controller = new AbortController();
    const first = waitForCycleVersion(reads(at(5)).read, 8, at(5), { signal: controller.signal, maxWaiting: 1 });
    expect(waitingRequestCount()).toBe(1);
    expect((await waitForCycleVersion(reads(at(5)).read, 8, at(5), { maxWaiting: 1 })).outcome).toBe('BUSY');
    controller.abort();
    await first;
    expect(waitingRequestCount()).toBe(0);
  });

  it('waits in real time too (short bound)', async () => {
    let version = 5;
    setTimeout(() => (version = 6), 60);
    const started = Date.now();
    const result = await waitForCycleVersion(async () => at(version), 6, undefined, { timeoutMs: 2000 });
    expect(result.outcome).toBe('REACHED');
    expect(Date.now() - started).toBeLessThan(1000);
    const controller = new AbortController();
    const slept = sleep(10_000, controller.signal);
    controller.abort();
    await slept;
  });
});

describe('cycleAtLeast', () => {
  const partsAt = (version: number) => ({ cycle: { cycle_id: 'KH-HRD-2026', country: 'KH', version } }) as CycleParts;
  const response = {} as Response;

  it('keeps the parts read when recent enough or without minVersion, and reads again once the read model moved', async () => {
    const queries = {
      cycle: jest.fn(async () => partsAt(8)),
      cyclePosition: jest.fn(async () => at(8)),
    };
    expect(await cycleAtLeast(queries, partsAt(5), undefined, response)).toEqual(partsAt(5));
    expect(await cycleAtLeast(queries, partsAt(5), 5, response)).toEqual(partsAt(5));
    expect(queries.cyclePosition).not.toHaveBeenCalled();
    expect(await cycleAtLeast(queries, partsAt(5), 7, response)).toEqual(partsAt(8));
    expect(queries.cycle).toHaveBeenCalledTimes(1);
  });
});
