import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import type { CycleEvent } from '@suivi/domain';
import { FakeWorkflowClock } from '../testing/fake-workflow-clock';
import { COMMAND_TASK_PUBLISHES_AFTER, CycleOutbox, PublishingStopped, type Publication } from './cycle-outbox';

const WINDOW = 2500;
const event = (sequence: number) => ({ type: 'ProgressReported', cycleId: 'c-1', sequence }) as unknown as CycleEvent;
const sequences = (events: CycleEvent[]) => events.map((e) => e.sequence);

function setUp(options: { batchSize?: number; carried?: CycleEvent[]; stateVersion?: number } = {}) {
  const clock = new FakeWorkflowClock();
  const calls: Array<{ path: 'local' | 'durable'; sequences: number[]; task: number }> = [];
  let localFails = false;
  let durableFails: Error | undefined;
  const publication: Publication = {
    fromThisTask: async (events) => {
      calls.push({ path: 'local', sequences: sequences(events), task: clock.currentTask() });
      if (localFails) throw new Error('Kafka did not answer within 4 s');
    },
    durably: async (events) => {
      calls.push({ path: 'durable', sequences: sequences(events), task: clock.currentTask() });
      if (durableFails) throw durableFails;
    },
  };
  const outbox = new CycleOutbox(
    clock,
    publication,
    { batchSize: options.batchSize ?? 200, delayMs: WINDOW },
    options.carried ?? [],
    options.stateVersion ?? 0,
  );
  outbox.start();
  return {
    clock,
    outbox,
    calls,
    failLocal: () => (localFails = true),
    failDurable: (error: Error) => (durableFails = error),
  };
}

describe('CycleOutbox', () => {
  it('waits for events, then runs one timer of the publication window', async () => {
    const { clock, outbox, calls } = setUp();
    await clock.settle();
    expect(clock.timers()).toEqual([]);
    await clock.activate(() => outbox.add([event(1), event(2)]));
    expect(clock.timers()).toEqual([WINDOW]);
    expect(calls).toEqual([]);
    expect(outbox.status()).toEqual({ unpublished: 2, lastPublishedSequence: 0 });
  });

  it('publishes a quiet cycle from the task its timer starts, through the local activity', async () => {
    const { clock, outbox, calls } = setUp();
    await clock.activate(() => outbox.add([event(1), event(2)]));
    const producedIn = clock.currentTask();
    await clock.advance(WINDOW);
    expect(calls).toEqual([{ path: 'local', sequences: [1, 2], task: producedIn + 1 }]);
    expect(outbox.status()).toEqual({ unpublished: 0, lastPublishedSequence: 2 });
    expect(outbox.isEmpty()).toBe(true);
  });

  it('under a flow of commands, publishes from the first command task after 80 % of the window, committed events only', async () => {
    const { clock, outbox, calls } = setUp();
    await clock.activate(() => outbox.add([event(1)]));
    await clock.advance(1000);
    await clock.activate(() => outbox.add([event(2)]));
    expect(calls).toEqual([]); // before 80 % of the window
    await clock.advance(1000);
    // This command task comes after 2 s (80 %): it publishes what earlier tasks produced, not its own event.
    await clock.activate(() => outbox.add([event(3)]));
    expect(calls).toEqual([{ path: 'local', sequences: [1, 2], task: clock.currentTask() }]);
    expect(outbox.status()).toEqual({ unpublished: 1, lastPublishedSequence: 2 });
    // The window's timer was given up; the next window starts for event 3.
    expect(clock.timers()).toEqual([WINDOW]);
  });

  it('never publishes an event in the task that produced it, even when the window has passed', async () => {
    const { clock, outbox, calls } = setUp();
    await clock.activate(() => outbox.add([event(1)]));
    await clock.advance(WINDOW - 1);
    // One task both produces event 2 and would publish: only event 1 (committed) leaves.
    await clock.activate(() => outbox.add([event(2)]));
    expect(calls.map((c) => c.sequences)).toEqual([[1]]);
    await clock.advance(WINDOW);
    expect(calls.map((c) => c.sequences)).toEqual([[1], [2]]);
  });

  it('falls back to the durable activity for the same batch when the local activity fails', async () => {
    const { clock, outbox, calls, failLocal } = setUp();
    failLocal();
    await clock.activate(() => outbox.add([event(1), event(2)]));
    await clock.advance(WINDOW);
    expect(calls.map((c) => [c.path, c.sequences])).toEqual([
      ['local', [1, 2]],
      ['durable', [1, 2]],
    ]);
    expect(outbox.status()).toEqual({ unpublished: 0, lastPublishedSequence: 2 });
  });

  it('publishes sent reminders at once through the durable activity, without waiting for the window', async () => {
    const { clock, outbox, calls } = setUp();
    await clock.activate(() => {
      outbox.add([event(1)]);
      outbox.publishSoon();
    });
    expect(calls).toEqual([{ path: 'durable', sequences: [1], task: clock.currentTask() }]);
    expect(clock.timers()).toEqual([]);
  });

  it('publishes at most a batch at a time, in sequence order', async () => {
    const { clock, outbox, calls } = setUp({ batchSize: 2 });
    await clock.activate(() => outbox.add([event(1), event(2), event(3)]));
    await clock.advance(WINDOW);
    await clock.advance(WINDOW);
    expect(calls.map((c) => c.sequences)).toEqual([[1, 2], [3]]);
  });

  it('treats events carried from the previous run as committed, and hands the unpublished ones on', async () => {
    const { clock, outbox, calls } = setUp({ carried: [event(7), event(8)], stateVersion: 8 });
    expect(outbox.status()).toEqual({ unpublished: 2, lastPublishedSequence: 6 });
    expect(sequences(outbox.unpublished())).toEqual([7, 8]);
    await clock.settle();
    await clock.advance(WINDOW * COMMAND_TASK_PUBLISHES_AFTER);
    await clock.activate(() => outbox.add([event(9)]));
    expect(calls.map((c) => c.sequences)).toEqual([[7, 8]]);
  });

  it('lets no task but an accepted command’s (or the timer’s) publish: a refused Update’s task, which history does not keep, changes nothing', async () => {
    const { clock, outbox, calls } = setUp();
    await clock.activate(() => outbox.add([event(1)]));
    await clock.advance(WINDOW * COMMAND_TASK_PUBLISHES_AFTER);
    // A task past the threshold without an accepted command: what a refused Update's task is.
    await clock.activate();
    expect(calls).toEqual([]);
    expect(clock.timers()).toHaveLength(1);
    await clock.advance(WINDOW);
    expect(calls.map((c) => c.sequences)).toEqual([[1]]);
  });

  it('keeps a dead loop as a failure that is not a Temporal failure, so the workflow task fails (never only logged)', async () => {
    const { clock, outbox, failLocal, failDurable } = setUp();
    failLocal();
    failDurable(ApplicationFailure.nonRetryable('the broker refused the batch'));
    await clock.activate(() => outbox.add([event(1)]));
    expect(outbox.failure).toBeUndefined();
    await clock.advance(WINDOW);
    expect(outbox.failure).toBeInstanceOf(PublishingStopped);
    expect(outbox.failure).not.toBeInstanceOf(TemporalFailure);
    expect(outbox.failure?.message).toBe('publishing loop stopped: the broker refused the batch');
    // Nothing was lost: the batch is still waiting.
    expect(outbox.status()).toEqual({ unpublished: 1, lastPublishedSequence: 0 });
  });
});
