import { randomUUID } from 'node:crypto';
import { Topics } from '@suivi/contracts';
import { createKafka } from '@suivi/kafka';
import { pollUntil } from '@suivi/test-support';
import { isReminder, type LoggedEvent } from '../checks/event-log';
import type { FiredReminder } from '../checks/reminders';

export type Kafka = ReturnType<typeof createKafka>;

export const chaosKafka = (brokers: string): Kafka =>
  createKafka({ brokers: brokers.split(','), clientId: 'chaos-suite', log: () => undefined });

interface WireEvent {
  id: string;
  subject: string;
  type: string;
  sequence: number | string;
  data?: { subject?: { actionPointId?: string } };
}

/**
 * Every record of `suivi.cycle-events.v1` up to the high watermarks read now, as a downstream
 * consumer sees them (copies included), with the reminders among them.
 */
export async function readCycleEvents(kafka: Kafka): Promise<{ events: LoggedEvent[]; reminders: FiredReminder[] }> {
  const admin = kafka.admin();
  await admin.connect();
  const targets = (await admin.fetchTopicOffsets(Topics.cycleEvents).finally(() => admin.disconnect()))
    .filter((w) => Number(w.high) > Number(w.low))
    .map((w) => ({ partition: w.partition, last: Number(w.high) - 1 }));
  const events: LoggedEvent[] = [];
  const reminders: FiredReminder[] = [];
  const reached = new Map<number, number>();
  const consumer = kafka.consumer({ groupId: `chaos-check-${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: Topics.cycleEvents, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const wire = JSON.parse(message.value?.toString() ?? '{}') as WireEvent;
        const event: LoggedEvent = {
          id: wire.id,
          cycleId: wire.subject,
          sequence: Number(wire.sequence),
          type: wire.type,
          partition,
          offset: Number(message.offset),
        };
        events.push(event);
        const actionPointId = wire.data?.subject?.actionPointId;
        if (isReminder(event) && actionPointId) reminders.push({ id: event.id, cycleId: event.cycleId, actionPointId });
        reached.set(partition, Number(message.offset));
      },
    });
    await pollUntil(
      async () => (targets.every((t) => (reached.get(t.partition) ?? -1) >= t.last) ? true : undefined),
      180_000,
    );
  } finally {
    await consumer.disconnect();
  }
  return { events, reminders };
}

/** Reads the log until `done` holds for what is on it (events still being published after a fault), or the timeout. */
export async function readCycleEventsUntil(
  kafka: Kafka,
  done: (read: Awaited<ReturnType<typeof readCycleEvents>>) => boolean,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const read = await readCycleEvents(kafka);
    if (done(read) || Date.now() > deadline) return read;
    await new Promise((r) => setTimeout(r, 3000));
  }
}
