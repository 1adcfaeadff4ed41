import { randomUUID } from 'node:crypto';
import { Topics } from '@suivi/contracts';
import { pollUntil, requireEnv } from '@suivi/test-support';
import { checkKafka, createKafka } from './kafka-client';
import { ensureTopics } from './topic-admin';

const kafka = () =>
  createKafka({ brokers: requireEnv('KAFKA_BROKERS').split(','), clientId: 'int-test', log: () => undefined });

describe('Kafka broker from the project set-up', () => {
  it('answers the readiness probe', async () => {
    await expect(checkKafka(kafka())).resolves.toMatchObject({ brokers: 1 });
  });

  it('has the declared event log, kept forever, with the declared partitions', async () => {
    const admin = kafka().admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [Topics.cycleEvents] });
      expect(metadata.topics[0].partitions).toHaveLength(6);
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2, name: Topics.cycleEvents }],
      });
      const retention = configs.resources[0].configEntries.find((e) => e.configName === 'retention.ms');
      expect(retention?.configValue).toBe('-1');
    } finally {
      await admin.disconnect();
    }
  });

  it('applying the declaration again creates nothing and changes nothing', async () => {
    const declaration = [{ name: Topics.deadLetter, partitions: 1, config: { 'retention.ms': '-1' }, purpose: 'test' }];
    const result = await ensureTopics(kafka(), declaration);
    expect(result.created).toEqual([]);
    expect(result.unchanged).toEqual([Topics.deadLetter]);
  });

  it('refuses a declaration whose partition count differs from the broker', async () => {
    await expect(
      ensureTopics(kafka(), [{ name: Topics.deadLetter, partitions: 3, config: {}, purpose: 'test' }]),
    ).rejects.toThrow(/has 1 partitions but 3 are declared/);
  });

  it('round-trips a message: produce with kafkajs, consume it back in a new group, key preserved', async () => {
    const client = kafka();
    const key = `cycle-${randomUUID()}`;
    const value = JSON.stringify({ probe: randomUUID() });
    const producer = client.producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic: Topics.cycleEvents, acks: -1, messages: [{ key, value }] });
    await producer.disconnect();

    const consumer = client.consumer({ groupId: `int-${randomUUID()}` });
    const received: Array<{ key: string; value: string }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.cycleEvents, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' });
      },
    });
    try {
      const found = await pollUntil(async () => received.find((m) => m.key === key), 60_000);
      expect(found.value).toBe(value);
    } finally {
      await consumer.disconnect();
    }
  });
});
