import { composeDigest, DIGEST_HORIZON_DAYS, digestItemCount } from './digest';
import { openActionPoint, sriLanka, vietNam } from '../testing/fixtures';

const inBrussels = { userId: 'user-anna', timeZone: 'Europe/Brussels' };
/** 2026-12-06, 10:00 in Brussels. */
const now = new Date('2026-12-06T09:00:00Z');

const ids = (groups: Array<{ items: Array<{ actionPointId: string }> }>) =>
  groups.map((group) => group.items.map((item) => item.actionPointId));

describe('composeDigest', () => {
  it('sorts action points into overdue, due today and due within 30 days, by the person’s today', () => {
    const digest = composeDigest(
      inBrussels,
      [
        openActionPoint({ actionPointId: 'yesterday', deadline: '2026-12-05' }),
        openActionPoint({ actionPointId: 'today', deadline: '2026-12-06' }),
        openActionPoint({ actionPointId: 'tomorrow', deadline: '2026-12-07' }),
        openActionPoint({ actionPointId: 'day-30', deadline: '2027-01-05' }),
        openActionPoint({ actionPointId: 'day-31', deadline: '2027-01-06' }),
      ],
      now,
    );
    expect(digest?.localDate).toBe('2026-12-06');
    expect(ids(digest?.sections.overdue ?? [])).toEqual([['yesterday']]);
    expect(ids(digest?.sections.dueToday ?? [])).toEqual([['today']]);
    expect(ids(digest?.sections.dueSoon ?? [])).toEqual([['tomorrow', 'day-30']]);
    expect(digest?.counts).toEqual({ overdue: 1, dueToday: 1, dueSoon: 2 });
    expect(DIGEST_HORIZON_DAYS).toBe(30);
  });

  it('reads "today" in the person’s zone, not in UTC', () => {
    // 20:00 UTC on the 6th is already the 7th in Colombo (+05:30) and still the 6th in Brussels.
    const evening = new Date('2026-12-06T20:00:00Z');
    const due7th = [openActionPoint({ deadline: '2026-12-07' })];
    expect(composeDigest({ userId: 'u', timeZone: 'Asia/Colombo' }, due7th, evening)?.counts.dueToday).toBe(1);
    expect(composeDigest({ userId: 'u', timeZone: 'Europe/Brussels' }, due7th, evening)?.counts.dueSoon).toBe(1);
  });

  it('groups by cycle, each group sorted by deadline, the cycle with the earliest deadline first', () => {
    const digest = composeDigest(
      inBrussels,
      [
        openActionPoint({ actionPointId: 'vn-late', deadline: '2026-12-20' }),
        openActionPoint({ cycle: sriLanka, actionPointId: 'lk-b', deadline: '2026-12-09' }),
        openActionPoint({ actionPointId: 'vn-early', deadline: '2026-12-12' }),
        openActionPoint({ cycle: sriLanka, actionPointId: 'lk-a', deadline: '2026-12-09' }),
      ],
      now,
    );
    expect(digest?.sections.dueSoon.map((group) => group.cycle.cycleId)).toEqual([sriLanka.cycleId, vietNam.cycleId]);
    expect(ids(digest?.sections.dueSoon ?? [])).toEqual([
      ['lk-a', 'lk-b'],
      ['vn-early', 'vn-late'],
    ]);
  });

  it('counts the days to or past each deadline', () => {
    const digest = composeDigest(
      inBrussels,
      [openActionPoint({ actionPointId: 'late', deadline: '2026-11-26' }), openActionPoint({ deadline: '2026-12-16' })],
      now,
    );
    expect(digest?.sections.overdue[0].items[0].daysFromToday).toBe(-10);
    expect(digest?.sections.dueSoon[0].items[0].daysFromToday).toBe(10);
  });

  it('leaves out action points that are not chased: proposed, completed, assessed or withdrawn', () => {
    const digest = composeDigest(
      inBrussels,
      (['PROPOSED', 'COMPLETED', 'PARTIALLY_COMPLETED', 'NOT_COMPLETED', 'WITHDRAWN'] as const).map((status) =>
        openActionPoint({ actionPointId: status, status, deadline: '2026-12-01' }),
      ),
      now,
    );
    expect(digest).toBeUndefined();
  });

  it('is undefined (no e-mail) when nothing is overdue or due within 30 days', () => {
    expect(composeDigest(inBrussels, [], now)).toBeUndefined();
    expect(composeDigest(inBrussels, [openActionPoint({ deadline: '2027-02-01' })], now)).toBeUndefined();
  });

  it('lists an action point given twice once', () => {
    const twice = openActionPoint({ deadline: '2026-12-08' });
    const digest = composeDigest(inBrussels, [twice, { ...twice }], now);
    expect(digest && digestItemCount(digest)).toBe(1);
  });

  it('keeps the same action point id of two cycles apart', () => {
    const digest = composeDigest(
      inBrussels,
      [openActionPoint({ actionPointId: 'ap-1' }), openActionPoint({ cycle: sriLanka, actionPointId: 'ap-1' })],
      now,
    );
    expect(digest?.sections.dueSoon).toHaveLength(2);
  });

  it('carries the individual case reference, and only the fields of the digest', () => {
    const caseRef = 'case-0b5f6d1e-2c3a-4d5e-8f90-123456789abc';
    const digest = composeDigest(inBrussels, [openActionPoint({ caseRef })], now);
    expect(digest?.sections.dueSoon[0].items[0]).toEqual({
      actionPointId: 'ap-1',
      owner: 'PARTNER',
      deadline: '2026-12-10',
      status: 'AGREED',
      themes: ['I.C'],
      caseRef,
      daysFromToday: 4,
    });
  });

  it('refuses an action point whose deadline is not a date', () => {
    expect(() => composeDigest(inBrussels, [openActionPoint({ deadline: '10/12/2026' })], now)).toThrow(RangeError);
  });
});
