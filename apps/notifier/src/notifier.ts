import type { ConsumerConfig, Kafka } from 'kafkajs';
import { parseIntegrationMessage, Topics } from '@suivi/contracts';
import { handleIntegrationMessage } from './handle-event';
import { sendOwedEmails, type MailerDeps } from './mailer';

export interface NotifierOptions extends MailerDeps {
  kafka: Kafka;
  groupId: string;
  /** How often the mailer looks for e-mails owed, besides after each new notification. */
  mailIntervalMs: number;
  topics?: { cycleEvents: string; reminders: string };
  consumerConfig?: Partial<ConsumerConfig>;
}

export interface RunningNotifier {
  /** Sends what is owed now (tests; the loop does it on its own). */
  sendNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Reads the public topics in its own consumer group and turns events into inbox rows, then
 * e-mails. An offset is committed only after its event's rows are in PostgreSQL, and rows are
 * keyed by event and recipient, so a redelivery or a restart adds nothing twice. A failure
 * (PostgreSQL down, a reminder read before its cycle's start) makes kafkajs read the message
 * again after a pause: nothing is skipped.
 */
export async function startNotifier(options: NotifierOptions): Promise<RunningNotifier> {
  const { kafka, groupId, logger } = options;
  const topics = options.topics ?? { cycleEvents: Topics.cycleEvents, reminders: Topics.reminders };
  const consumer = kafka.consumer({ ...options.consumerConfig, groupId });

  let mailing: Promise<void> | undefined;
  let again = false;
  const sendNow = (): Promise<void> => {
    if (mailing) {
      again = true; // one more round once this one ends, for what arrived meanwhile
      return mailing;
    }
    mailing = (async () => {
      do {
        again = false;
        const { sent, failed } = await sendOwedEmails(options);
        if (sent || failed) logger.info({ sent, failed }, 'e-mails sent');
      } while (again);
    })()
      .catch((error: unknown) => logger.warn({ err: error }, 'mailer round failed; trying again later'))
      .finally(() => (mailing = undefined));
    return mailing;
  };
  const timer = setInterval(() => void sendNow(), options.mailIntervalMs);
  timer.unref();

  await consumer.connect();
  await consumer.subscribe({ topics: [topics.cycleEvents, topics.reminders], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      if (!message.value) return;
      let parsed;
      try {
        parsed = parseIntegrationMessage(message.value);
      } catch (error) {
        // Not ours to repair (the producer validates what it publishes): say so and go on.
        logger.error({ err: error, topic, partition, offset: message.offset }, 'unreadable integration event skipped');
        return;
      }
      const handled = await handleIntegrationMessage(parsed, options.store);
      if (handled.kind === 'parked')
        logger.info({ eventId: parsed.cloudEvent.id, ...handled }, 'parked until its cycle starts');
      if (handled.kind === 'notified' || (handled.kind === 'cycle-remembered' && handled.unparked > 0)) {
        logger.info({ eventId: parsed.cloudEvent.id, ...handled }, 'notified');
        void sendNow();
      }
    },
  });
  logger.info({ groupId, topics }, 'notifier consuming');

  return {
    sendNow,
    stop: async () => {
      clearInterval(timer);
      await consumer.disconnect();
      await mailing;
    },
  };
}
