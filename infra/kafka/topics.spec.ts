import { Topics } from '@suivi/contracts';
import { topicDeclarations } from './topics';

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
