import type { CycleEvent } from '@suivi/domain';
import { compareOffsets, minOffset, planCycle, type PendingEvent } from './sequence-plan';

const at = (sequence: number, offset = String(sequence * 10)): PendingEvent => ({
  event: { cycleId: 'C-1', sequence } as CycleEvent,
  offset,
});
const sequences = (list: PendingEvent[]) => list.map((p) => p.event.sequence);

describe('planCycle', () => {
  it('applies consecutive events from the last applied sequence + 1', () => {
    const plan = planCycle(0, [at(1), at(2), at(3)]);
    expect(sequences(plan.apply)).toEqual([1, 2, 3]);
    expect(plan).toMatchObject({ duplicates: [], held: [], gap: null });
  });

  it('skips events already applied: delivering a batch twice changes nothing the second time', () => {
    const first = planCycle(0, [at(1), at(2)]);
    const again = planCycle(2, [at(1), at(2)]);
    expect(sequences(first.apply)).toEqual([1, 2]);
    expect(sequences(again.apply)).toEqual([]);
    expect(sequences(again.duplicates)).toEqual([1, 2]);
  });

  it('applies one copy of an event published twice (a repeated publish after continue-as-new)', () => {
    const plan = planCycle(0, [at(1, '5'), at(2, '6'), at(2, '9'), at(3, '10')]);
    expect(plan.apply.map((p) => p.offset)).toEqual(['5', '6', '10']);
    expect(plan.duplicates.map((p) => p.offset)).toEqual(['9']);
  });

  it('holds back an event after a gap and everything after it, reporting expected and received', () => {
    const plan = planCycle(0, [at(1), at(2), at(4), at(5)]);
    expect(sequences(plan.apply)).toEqual([1, 2]);
    expect(sequences(plan.held)).toEqual([4, 5]);
    expect(plan.gap).toEqual({ expected: 3, received: 4 });
  });

  it('holds everything when the first event at hand is not the next one', () => {
    const plan = planCycle(5, [at(7), at(8)]);
    expect(plan.apply).toEqual([]);
    expect(sequences(plan.held)).toEqual([7, 8]);
    expect(plan.gap).toEqual({ expected: 6, received: 7 });
  });

  it('applies held events once the missing one arrives, whatever the arrival order', () => {
    const plan = planCycle(2, [at(4, '30'), at(5, '31'), at(3, '40')]);
    expect(sequences(plan.apply)).toEqual([3, 4, 5]);
    expect(plan.gap).toBeNull();
  });

  it('keeps one copy of each held sequence', () => {
    const plan = planCycle(0, [at(3, '1'), at(3, '2'), at(4, '3')]);
    expect(plan.held.map((p) => p.offset)).toEqual(['1', '3']);
    expect(plan.duplicates.map((p) => p.offset)).toEqual(['2']);
  });

  it('has nothing to do for no events', () => {
    expect(planCycle(3, [])).toEqual({ apply: [], duplicates: [], held: [], gap: null });
  });
});

describe('offsets', () => {
  it('compares 64-bit offsets numerically, not as text', () => {
    expect(compareOffsets('9', '10')).toBe(-1);
    expect(compareOffsets('9223372036854775806', '9223372036854775807')).toBe(-1);
    expect(compareOffsets('7', '7')).toBe(0);
    expect(minOffset(['10', '9', '100'])).toBe('9');
    expect(minOffset([])).toBeNull();
  });
});
