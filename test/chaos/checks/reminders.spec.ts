import { checkReminders, type DueReminder, type FiredReminder } from './reminders';

const due = (cycleId: string, actionPointId: string): DueReminder => ({
  cycleId,
  actionPointId,
  dueAt: Date.UTC(2026, 11, 7, 3),
});
const fired = (cycleId: string, actionPointId: string, sequence: number): FiredReminder => ({
  id: `${cycleId}:${sequence}`,
  cycleId,
  actionPointId,
});

describe('checkReminders', () => {
  it('passes every due reminder fired once, copies of one event counting once', () => {
    const verdict = checkReminders(
      [due('r1', 'AP1'), due('r1', 'AP2')],
      [fired('r1', 'AP1', 4), fired('r1', 'AP1', 4), fired('r1', 'AP2', 5)],
    );
    expect(verdict).toEqual({ figures: { due: 2, fired: 2 }, problems: [] });
  });

  it('fails on a reminder that never fired', () => {
    const verdict = checkReminders([due('r1', 'AP1'), due('r1', 'AP2')], [fired('r1', 'AP1', 4)]);
    expect(verdict.figures).toEqual({ due: 2, fired: 1 });
    expect(verdict.problems).toEqual(['reminder r1/AP2 due at 2026-12-07T03:00:00.000Z never fired']);
  });

  it('fails on a reminder fired twice (two events, not two copies)', () => {
    const verdict = checkReminders([due('r1', 'AP1')], [fired('r1', 'AP1', 4), fired('r1', 'AP1', 6)]);
    expect(verdict.problems).toEqual(['reminder r1/AP1 fired 2 times']);
  });

  it('fails on a reminder nobody expected', () => {
    expect(checkReminders([], [fired('r9', 'AP1', 4)]).problems).toEqual(['reminder r9/AP1 fired but was not due']);
  });
});
