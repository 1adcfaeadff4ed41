import { condition, defineSignal, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { BaselineActivities } from './baseline.activities';

/**
 * Bare workflows the benchmarks measure Suivi against, on the same server in the same run:
 * what Temporal and Kafka cost with no domain logic. Bench-only: bundled on their own
 * (bench-stack.ts) and run by the bench's baseline worker, never by the production worker.
 */
export const noopUpdate = defineUpdate<number, [number]>('noop');
export const finishSignal = defineSignal('finish');

/** Accepts no-op Updates (validator and handler) until told to finish. */
export async function noopUpdateWorkflow(): Promise<number> {
  let handled = 0;
  let done = false;
  setHandler(
    noopUpdate,
    (n: number) => {
      handled++;
      return n;
    },
    { validator: (n: number) => void n },
  );
  setHandler(finishSignal, () => {
    done = true;
  });
  await condition(() => done);
  return handled;
}

const { publishBenchMessages } = proxyActivities<BaselineActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
});

/** Sleeps until an instant, then publishes `count` messages to Kafka through one activity. */
export async function timerThenActivityWorkflow(input: {
  dueAtMs: number;
  key: string;
  count: number;
  topic: string;
}): Promise<void> {
  await sleep(Math.max(1, input.dueAtMs - Date.now()));
  await publishBenchMessages({ topic: input.topic, key: input.key, count: input.count, dueAtMs: input.dueAtMs });
}
