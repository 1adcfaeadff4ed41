import { Topics } from '@suivi/contracts';
import { singleBroker, threeBrokers, topicDeclarations, topicDeclarationsFor } from './topics';

describe('Kafka topic declaration', () => {
  it('declares every topic of the public contract exactly once', () => {
    expect(topicDeclarations.map((t) => t.name).sort()).toEqual(Object.values(Topics).sort());
  });

  it('keeps the event log forever, by time and by size', () => {
    const eventLog = topicDeclarations.find((t) => t.name === Topics.cycleEvents);
    expect(eventLog?.config).toMatchObject({
      'retention.ms': '-1',
      'retention.bytes': '-1',
      'cleanup.policy': 'delete',
    });
  });

  it('never compacts the event log (compaction would drop all but the last event of a cycle key)', () => {
    const eventLog = topicDeclarations.find((t) => t.name === Topics.cycleEvents);
    expect(eventLog?.config['cleanup.policy']).not.toContain('compact');
  });
});

describe('topic replication per profile', () => {
  it('keeps one copy on the single broker, min.insync.replicas 1 on the event logs only, as before', () => {
    const single = topicDeclarationsFor(singleBroker);
    expect(single).toEqual(topicDeclarations);
    expect(single.every((t) => t.replicationFactor === 1)).toBe(true);
    const minIsr = Object.fromEntries(single.map((t) => [t.name, t.config['min.insync.replicas']]));
    expect(minIsr).toEqual({
      [Topics.cycleEvents]: '1',
      [Topics.cycleLog]: '1',
      [Topics.reminders]: undefined,
      [Topics.deadLetter]: undefined,
    });
  });

  it('keeps three copies on the cluster, two of them in sync for every write, on every topic', () => {
    const cluster = topicDeclarationsFor(threeBrokers);
    expect(cluster.map((t) => t.name)).toEqual(topicDeclarations.map((t) => t.name));
    for (const topic of cluster) {
      expect(topic.replicationFactor).toBe(3);
      expect(topic.config['min.insync.replicas']).toBe('2');
    }
    // Everything else is the same declaration.
    expect(cluster.map((t) => t.partitions)).toEqual(topicDeclarations.map((t) => t.partitions));
    expect(cluster.find((t) => t.name === Topics.cycleLog)?.config['retention.ms']).toBe('-1');
  });
});
