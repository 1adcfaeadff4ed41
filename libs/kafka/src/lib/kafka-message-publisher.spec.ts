import type { ICustomPartitioner, Kafka, Producer, ProducerBatch, ProducerConfig, RecordMetadata } from 'kafkajs';
import {
  KafkaMessagePublisher,
  unacknowledged,
  UnacknowledgedPartitionsError,
  type OutgoingMessage,
} from './kafka-message-publisher';

/** A producer whose sends complete only when the test says so. */
function fakeKafka() {
  const requests: Array<{ batch: ProducerBatch; complete: (error?: Error) => void }> = [];
  const producer = {
    events: { DISCONNECT: 'producer.disconnect' },
    connect: async () => undefined,
    disconnect: async () => undefined,
    on: () => () => undefined,
    sendBatch: (batch: ProducerBatch) =>
      new Promise((resolve, reject) => {
        requests.push({ batch, complete: (error) => (error ? reject(error) : resolve([])) });
      }),
  } as unknown as Producer;
  return { kafka: { producer: () => producer } as unknown as Kafka, requests };
}

const message = (key: string, n: number): OutgoingMessage => ({
  topic: 'suivi.cycle-log.v1',
  key,
  value: `${key}:${n}`,
  headers: {},
});
const values = (batch: ProducerBatch) => batch.topicMessages?.flatMap((t) => t.messages.map((m) => String(m.value)));
const tick = () => new Promise((r) => setImmediate(r));

describe('KafkaMessagePublisher', () => {
  it('coalesces publishes that arrive while a request is in flight into the next request, in call order', async () => {
    const { kafka, requests } = fakeKafka();
    const publisher = new KafkaMessagePublisher(kafka);
    const first = publisher.publish([message('a', 1)]);
    await tick();
    const second = publisher.publish([message('b', 1), message('b', 2)]);
    const third = publisher.publish([message('a', 2)]);
    expect(requests).toHaveLength(1);
    requests[0].complete();
    await first;
    await tick();
    expect(requests).toHaveLength(2);
    expect(values(requests[1].batch)).toEqual(['b:1', 'b:2', 'a:2']);
    requests[1].complete();
    await expect(Promise.all([second, third])).resolves.toEqual([undefined, undefined]);
  });

  it('fails every publish of a failed request, and keeps serving later ones', async () => {
    const { kafka, requests } = fakeKafka();
    const publisher = new KafkaMessagePublisher(kafka);
    const first = publisher.publish([message('a', 1)]);
    await tick();
    const second = publisher.publish([message('b', 1)]);
    const third = publisher.publish([message('c', 1)]);
    requests[0].complete();
    await first;
    await tick();
    requests[1].complete(new Error('broker unavailable'));
    await expect(second).rejects.toThrow('broker unavailable');
    await expect(third).rejects.toThrow('broker unavailable');
    const fourth = publisher.publish([message('b', 1)]);
    await tick();
    requests[2].complete();
    await expect(fourth).resolves.toBeUndefined();
    expect(values(requests[2].batch)).toEqual(['b:1']);
  });

  it('splits coalesced publishes so that no request grows past half a megabyte', async () => {
    const { kafka, requests } = fakeKafka();
    const publisher = new KafkaMessagePublisher(kafka);
    const big = (key: string) => ({ ...message(key, 1), value: 'x'.repeat(200 * 1024) });
    const first = publisher.publish([message('a', 1)]);
    await tick();
    const waiting = ['b', 'c', 'd', 'e'].map((key) => publisher.publish([big(key)]));
    requests[0].complete();
    await first;
    for (let i = 1; i <= 2; i++) {
      await tick();
      expect(requests).toHaveLength(i + 1);
      expect(requests[i].batch.topicMessages?.[0].messages).toHaveLength(2);
      requests[i].complete();
    }
    await expect(Promise.all(waiting)).resolves.toHaveLength(4);
  });

  it('fails a send that kafkajs resolved without acknowledging every partition it sent to (a leader moved)', async () => {
    // As kafkajs does: the producer's partitioner places each message, then the send resolves
    // with one acknowledgement per partition, here without partition 1's (kafkajs 2.2.4, see the class).
    let partitioner: ICustomPartitioner | undefined;
    const answers: Array<(placed: Array<{ topic: string; partition: number }>) => RecordMetadata[]> = [
      (placed) => placed.filter((p) => p.partition !== 1).map(metadata),
      (placed) => placed.map(metadata),
    ];
    const producer = {
      events: { DISCONNECT: 'producer.disconnect' },
      connect: async () => undefined,
      on: () => () => undefined,
      sendBatch: async (batch: ProducerBatch) => {
        const partitionOf = (partitioner as ICustomPartitioner)();
        const placed = (batch.topicMessages ?? []).flatMap(({ topic, messages }) =>
          messages.map((m) => ({
            topic,
            partition: partitionOf({ topic, partitionMetadata: sixPartitions, message: m }),
          })),
        );
        return (answers.shift() as (typeof answers)[number])(placed);
      },
    } as unknown as Producer;
    const kafka = {
      producer: (config: ProducerConfig) => {
        partitioner = config.createPartitioner;
        return producer;
      },
    } as unknown as Kafka;
    const warnings: unknown[] = [];
    const publisher = new KafkaMessagePublisher(kafka, (_, extra) => warnings.push(extra));
    // Keys chosen so that kafkajs's default partitioner puts them on partitions 1 and 3 of six.
    const keys = ['cycle-4', 'cycle-3'];
    await expect(publisher.publish(keys.map((k) => message(k, 1)))).rejects.toThrow(UnacknowledgedPartitionsError);
    expect(warnings).toEqual([{ partitions: ['suivi.cycle-log.v1/1'] }]);
    await expect(publisher.publish(keys.map((k) => message(k, 1)))).resolves.toBeUndefined();
  });
});

const sixPartitions = Array.from({ length: 6 }, (_, partitionId) => ({
  partitionId,
  leader: 1,
  partitionErrorCode: 0,
  replicas: [1],
  isr: [1],
}));
const metadata = ({ topic, partition }: { topic: string; partition: number }): RecordMetadata => ({
  topicName: topic,
  partition,
  errorCode: 0,
});

describe('unacknowledged', () => {
  it('names the partitions sent to without an acknowledgement, or with an error', () => {
    const assigned = new Set(['t/0', 't/1', 'u/2']);
    expect(unacknowledged(assigned, [metadata({ topic: 't', partition: 0 })])).toEqual(['t/1', 'u/2']);
    expect(unacknowledged(assigned, [{ ...metadata({ topic: 't', partition: 1 }), errorCode: 6 }])).toContain('t/1');
    expect(
      unacknowledged(assigned, [
        metadata({ topic: 't', partition: 0 }),
        metadata({ topic: 't', partition: 1 }),
        metadata({ topic: 'u', partition: 2 }),
      ]),
    ).toEqual([]);
  });
});
