import { checkEventLog, dedupeById, type AcceptedCommand, type LoggedEvent } from './event-log';

let offset = 0;
const event = (
  cycleId: string,
  sequence: number,
  type = 'eu.suivi.round.scheduled.v1',
  partition = 0,
): LoggedEvent => ({
  id: `${cycleId}:${sequence}`,
  cycleId,
  sequence,
  type,
  partition,
  offset: offset++,
});
const command = (cycleId: string, ...sequences: number[]): AcceptedCommand => ({
  cycleId,
  eventIds: sequences.map((s) => `${cycleId}:${s}`),
});
const cycles = new Set(['c1', 'c2']);

describe('checkEventLog', () => {
  beforeEach(() => (offset = 0));

  it('passes each accepted event once in order, copies dropped and counted, reminders allowed', () => {
    const log = [
      event('c1', 1),
      event('c2', 1, 'x', 3),
      event('c1', 2),
      event('c1', 1), // a copy republished after a broker failover
      event('c1', 2),
      event('c1', 3, 'eu.suivi.reminder.sent.v1'),
      event('other', 7), // not this phase's cycle
    ];
    const verdict = checkEventLog(log, [command('c1', 1), command('c1', 2), command('c2', 1)], cycles);
    expect(verdict).toEqual({ figures: { events: 4, duplicates: 2 }, problems: [] });
  });

  it('fails on a gap', () => {
    const verdict = checkEventLog([event('c1', 1), event('c1', 3)], [command('c1', 1), command('c1', 3)], cycles);
    expect(verdict.problems).toEqual(['cycle c1: sequence 3 follows 1 (gap)']);
  });

  it('fails on a missing event of an accepted command', () => {
    const verdict = checkEventLog([event('c1', 1)], [command('c1', 1, 2)], cycles);
    expect(verdict.problems).toEqual(['event c1:2 of an accepted command is not on the log']);
  });

  it('fails on an event no accepted command produced: a command applied twice', () => {
    const verdict = checkEventLog([event('c1', 1), event('c1', 2)], [command('c1', 1)], cycles);
    expect(verdict.problems).toEqual([
      "event c1:2 (eu.suivi.round.scheduled.v1) is in no accepted command's reply (a command applied twice?)",
    ]);
  });

  it('fails on events out of order', () => {
    const log = [event('c1', 2), event('c1', 1)];
    expect(checkEventLog(log, [command('c1', 1, 2)], cycles).problems).toEqual([
      'cycle c1: sequence 2 follows 0 (gap)',
      'cycle c1: sequence 1 after 2 (out of order)',
    ]);
  });

  it('fails when one id carries two different events, or a cycle spans partitions', () => {
    const log = [
      event('c1', 1),
      { ...event('c1', 1), type: 'other' },
      event('c1', 2, 'eu.suivi.round.scheduled.v1', 4),
    ];
    expect(checkEventLog(log, [command('c1', 1, 2)], cycles).problems).toEqual([
      'event id c1:1 carries two different events (eu.suivi.round.scheduled.v1, other)',
      'cycle c1 is on partitions 0, 4',
    ]);
  });
});

describe('dedupeById', () => {
  it('keeps the first copy in log order', () => {
    const a = { ...event('c1', 1), offset: 5 };
    const b = { ...event('c1', 1), offset: 2 };
    expect(dedupeById([a, b])).toEqual({ unique: [b], copies: [a] });
  });
});
