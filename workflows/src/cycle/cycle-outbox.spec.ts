import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import type { CycleEvent } from '@suivi/domain';
import { FakeWorkflowClock } from '../testing/fake-workflow-clock';
import {
  ADAPTIVE_PUBLICATION_PATCH,
  COMMAND_TASK_PUBLISHES_AFTER,
  CycleOutbox,
  MACHINE_RATE_COMMANDS,
  MACHINE_RATE_WINDOW_PATCH,
  PublishingStopped,
  type Publication,
} from './cycle-outbox';

const WINDOW = 2500;
const event = (sequence: number) => ({ type: 'ProgressReported', cycleId: 'c-1', sequence }) as unknown as CycleEvent;
const sequences = (events: CycleEvent[]) => events.map((e) => e.sequence);

function setUp(
  options: { batchSize?: number; carried?: CycleEvent[]; stateVersion?: number; recordedBefore?: string[] } = {},
) {
  const clock = new FakeWorkflowClock();
  for (const patchId of options.recordedBefore ?? []) clock.withoutPatch(patchId);
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
  /** A first command on a quiet cycle: its event 1 leaves at once; the window then runs from here. */
  const publishFirst = async () => {
    await clock.activate(() => outbox.add([event(1)]));
    calls.length = 0;
  };
  return {
    publishFirst,
    clock,
    outbox,
    calls,
    failLocal: () => (localFails = true),
    failDurable: (error: Error) => (durableFails = error),
  };
}

describe('CycleOutbox', () => {
  it('publishes a quiet cycle’s first events at once, by the durable activity scheduled in the task that produced them', async () => {
    const { clock, outbox, calls } = setUp();
    await clock.settle();
    expect(clock.timers()).toEqual([]);
    await clock.activate(() => outbox.add([event(1), event(2)]));
    // Temporal dispatches that activity only once this task is committed (ADR 0007): no window, no timer.
    expect(calls).toEqual([{ path: 'durable', sequences: [1, 2], task: clock.currentTask() }]);
    expect(clock.timers()).toEqual([]);
    expect(outbox.status()).toEqual({ unpublished: 0, lastPublishedSequence: 2 });
  });

  it('keeps the window for a quiet cycle replaying a history recorded before adaptive publication (its patch)', async () => {
    const { clock, outbox, calls } = setUp({ recordedBefore: [ADAPTIVE_PUBLICATION_PATCH] });
    await clock.settle();
    await clock.activate(() => outbox.add([event(1)]));
    // What that history recorded: the window's timer, then the timer's task publishes.
    expect(calls).toEqual([]);
    expect(clock.timers()).toEqual([WINDOW]);
    await clock.advance(WINDOW);
    expect(calls).toEqual([{ path: 'local', sequences: [1], task: clock.currentTask() }]);
  });

  it('batches what arrives within the window after a publication: one timer, then the timer’s task publishes', async () => {
    const { clock, outbox, calls, publishFirst } = setUp();
    await publishFirst();
    await clock.advance(100);
    await clock.activate(() => outbox.add([event(2), event(3)]));
    expect(clock.timers()).toEqual([WINDOW]);
    expect(calls).toEqual([]);
    expect(outbox.status()).toEqual({ unpublished: 2, lastPublishedSequence: 1 });
    const producedIn = clock.currentTask();
    await clock.advance(WINDOW);
    expect(calls).toEqual([{ path: 'local', sequences: [2, 3], task: producedIn + 1 }]);
    expect(outbox.isEmpty()).toBe(true);
  });

  it('is quiet again once a whole window has passed since its last publication', async () => {
    const { clock, outbox, calls, publishFirst } = setUp();
    await publishFirst();
    await clock.advance(WINDOW - 1);
    await clock.activate(() => outbox.add([event(2)]));
    expect(calls).toEqual([]); // published 2.499 s ago: joins a window
    await clock.advance(WINDOW);
    expect(calls.map((c) => [c.path, c.sequences])).toEqual([['local', [2]]]);
    await clock.advance(WINDOW);
    await clock.activate(() => outbox.add([event(3)]));
    expect(calls.map((c) => [c.path, c.sequences])).toEqual([
      ['local', [2]],
      ['durable', [3]],
    ]);
  });

  it('publishes a command accepted while a quiet publication is under way from the task that completes it', async () => {
    const clock = new FakeWorkflowClock();
    const batches: number[][] = [];
    let finishDurable: () => void = () => undefined;
    const outbox = new CycleOutbox(
      clock,
      {
        fromThisTask: async (events) => void batches.push(sequences(events)),
        durably: (events) => {
          batches.push(sequences(events));
          return new Promise<void>((resolve) => (finishDurable = resolve));
        },
      },
      { batchSize: 200, delayMs: WINDOW },
      [],
      0,
    );
    outbox.start();
    await clock.activate(() => outbox.add([event(1)]));
    // Kafka slow: the durable activity has not completed; the same long window has passed.
    await clock.advance(WINDOW * 2);
    await clock.activate(() => outbox.add([event(2)]));
    expect(batches).toEqual([[1]]);
    await clock.activate(() => outbox.add([event(3)]));
    expect(batches).toEqual([[1]]);
    // As Nagle sends on the acknowledgement: no window; events 2 and 3 were committed by their own tasks.
    await clock.activate(() => finishDurable());
    expect(batches).toEqual([[1], [2, 3]]);
    expect(outbox.status()).toEqual({ unpublished: 0, lastPublishedSequence: 3 });
    expect(clock.timers()).toEqual([]);
    // That publication was within the window: the next command batches again.
    await clock.activate(() => outbox.add([event(4)]));
    expect(clock.timers()).toEqual([WINDOW]);
  });

  it('under a flow of commands, publishes from the first command task after 80 % of the window, committed events only', async () => {
    const { clock, outbox, calls, publishFirst } = setUp();
    await publishFirst();
    await clock.activate(() => outbox.add([event(2)]));
    await clock.advance(1000);
    await clock.activate(() => outbox.add([event(3)]));
    expect(calls).toEqual([]); // before 80 % of the window
    await clock.advance(1000);
    // This command task comes after 2 s (80 %): it publishes what earlier tasks produced, not its own event.
    await clock.activate(() => outbox.add([event(4)]));
    expect(calls).toEqual([{ path: 'local', sequences: [2, 3], task: clock.currentTask() }]);
    expect(outbox.status()).toEqual({ unpublished: 1, lastPublishedSequence: 3 });
    // The window's timer was given up; the next window starts for event 4.
    expect(clock.timers()).toEqual([WINDOW]);
  });

  it('never publishes an event in the task that produced it, even when the window has passed', async () => {
    const { clock, outbox, calls, publishFirst } = setUp();
    await publishFirst();
    await clock.activate(() => outbox.add([event(2)]));
    await clock.advance(WINDOW - 1);
    // One task both produces event 3 and would publish: only event 2 (committed) leaves.
    await clock.activate(() => outbox.add([event(3)]));
    expect(calls.map((c) => c.sequences)).toEqual([[2]]);
    await clock.advance(WINDOW);
    expect(calls.map((c) => c.sequences)).toEqual([[2], [3]]);
  });

  /** A flow of `count` commands 100 ms apart, starting at event `from`, as an import or an API client sends them. */
  async function flow(clock: FakeWorkflowClock, outbox: CycleOutbox, from: number, count: number) {
    for (let sequence = from; sequence < from + count; sequence++) {
      await clock.activate(() => outbox.add([event(sequence)]));
      await clock.advance(100);
    }
  }

  it('batches for twice the window while commands arrive faster than a person sends them, and for the window again once they slow', async () => {
    const { clock, outbox, calls, publishFirst } = setUp();
    await publishFirst();
    await flow(clock, outbox, 2, MACHINE_RATE_COMMANDS);
    expect(clock.timers()).toEqual([WINDOW - MACHINE_RATE_COMMANDS * 100]);
    await clock.advance(WINDOW);
    expect(calls.map((c) => [c.path, c.sequences])).toEqual([['local', [2, 3, 4, 5, 6, 7]]]);

    // Six commands between two publications' starts: the next window is twice as long…
    await clock.activate(() => outbox.add([event(8)]));
    expect(clock.timers()).toEqual([2 * WINDOW]);
    // …and so is the part of it after which a command's task publishes.
    await clock.advance(WINDOW * COMMAND_TASK_PUBLISHES_AFTER + 100);
    await clock.activate(() => outbox.add([event(9)]));
    expect(calls).toHaveLength(1);
    await clock.advance(WINDOW * COMMAND_TASK_PUBLISHES_AFTER); // past 80 % of the longer window
    await clock.activate(() => outbox.add([event(10)]));
    expect(calls.map((c) => c.sequences)).toEqual([
      [2, 3, 4, 5, 6, 7],
      [8, 9],
    ]);

    // Three commands since that publication started, as a person may send: the window again.
    expect(clock.timers()).toEqual([WINDOW]);
    await clock.advance(WINDOW);
    expect(calls.map((c) => c.sequences)).toEqual([[2, 3, 4, 5, 6, 7], [8, 9], [10]]);
  });

  it('batches for the window only, at fewer commands than a machine sends', async () => {
    const { clock, outbox, calls, publishFirst } = setUp();
    await publishFirst();
    await flow(clock, outbox, 2, MACHINE_RATE_COMMANDS - 1);
    await clock.advance(WINDOW);
    expect(calls.map((c) => c.sequences)).toEqual([[2, 3, 4, 5, 6]]);
    await clock.activate(() => outbox.add([event(7)]));
    expect(clock.timers()).toEqual([WINDOW]);
  });

  it('publishes a person’s command at once after a machine’s flow, once a window has passed since the last publication', async () => {
    const { clock, outbox, calls, publishFirst } = setUp();
    await publishFirst();
    await flow(clock, outbox, 2, MACHINE_RATE_COMMANDS);
    await clock.advance(WINDOW);
    await clock.advance(WINDOW);
    await clock.activate(() => outbox.add([event(8)]));
    expect(calls.map((c) => [c.path, c.sequences])).toEqual([
      ['local', [2, 3, 4, 5, 6, 7]],
      ['durable', [8]],
    ]);
    expect(clock.timers()).toEqual([]);
  });

  it('keeps the window for a machine-fed cycle replaying a history recorded before the longer window (its patch)', async () => {
    const { clock, outbox, publishFirst } = setUp({ recordedBefore: [MACHINE_RATE_WINDOW_PATCH] });
    await publishFirst();
    await flow(clock, outbox, 2, MACHINE_RATE_COMMANDS);
    await clock.advance(WINDOW);
    await clock.activate(() => outbox.add([event(8)]));
    expect(clock.timers()).toEqual([WINDOW]);
  });

  it('falls back to the durable activity for the same batch when the local activity fails', async () => {
    const { clock, outbox, calls, failLocal, publishFirst } = setUp();
    await publishFirst();
    failLocal();
    await clock.activate(() => outbox.add([event(2), event(3)]));
    await clock.advance(WINDOW);
    expect(calls.map((c) => [c.path, c.sequences])).toEqual([
      ['local', [2, 3]],
      ['durable', [2, 3]],
    ]);
    expect(outbox.status()).toEqual({ unpublished: 0, lastPublishedSequence: 3 });
  });

  it('publishes sent reminders at once through the durable activity, without waiting for the window', async () => {
    const { clock, outbox, calls, publishFirst } = setUp();
    await publishFirst();
    await clock.activate(() => {
      outbox.add([event(2)]);
      outbox.publishSoon();
    });
    expect(calls).toEqual([{ path: 'durable', sequences: [2], task: clock.currentTask() }]);
    expect(clock.timers()).toEqual([]);
  });

  it('publishes at most a batch at a time, in sequence order', async () => {
    const { clock, outbox, calls, publishFirst } = setUp({ batchSize: 2 });
    await publishFirst();
    await clock.activate(() => outbox.add([event(2), event(3), event(4)]));
    await clock.advance(WINDOW);
    await clock.advance(WINDOW);
    expect(calls.map((c) => c.sequences)).toEqual([[2, 3], [4]]);
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
    const { clock, outbox, calls, publishFirst } = setUp();
    await publishFirst();
    await clock.activate(() => outbox.add([event(2)]));
    await clock.advance(WINDOW * COMMAND_TASK_PUBLISHES_AFTER);
    // A task past the threshold without an accepted command: what a refused Update's task is.
    await clock.activate();
    expect(calls).toEqual([]);
    expect(clock.timers()).toHaveLength(1);
    await clock.advance(WINDOW);
    expect(calls.map((c) => c.sequences)).toEqual([[2]]);
  });

  it('keeps a dead loop as a failure that is not a Temporal failure, so the workflow task fails (never only logged)', async () => {
    const { clock, outbox, failLocal, failDurable, publishFirst } = setUp();
    await publishFirst();
    failLocal();
    failDurable(ApplicationFailure.nonRetryable('the broker refused the batch'));
    await clock.activate(() => outbox.add([event(2)]));
    expect(outbox.failure).toBeUndefined();
    await clock.advance(WINDOW);
    expect(outbox.failure).toBeInstanceOf(PublishingStopped);
    expect(outbox.failure).not.toBeInstanceOf(TemporalFailure);
    expect(outbox.failure?.message).toBe('publishing loop stopped: the broker refused the batch');
    // Nothing was lost: the batch is still waiting.
    expect(outbox.status()).toEqual({ unpublished: 1, lastPublishedSequence: 1 });
  });
});
