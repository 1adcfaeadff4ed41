import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { topicDeclarations } from '../kafka/topics';
import { cluster, kafkaTopics, renderTopicsFile, resourceName, topicsFile } from './generate-topics';

describe('KafkaTopic resources generated from the topics-as-code', () => {
  it('are committed as the generator writes them (npm run deploy:topics)', () => {
    const committed = readFileSync(topicsFile, 'utf8');
    const expected = renderTopicsFile();
    // One message names the fix; the diff follows from toEqual.
    if (committed !== expected) {
      throw new Error(
        'infra/deploy/kafka/topics.yaml differs from the output of infra/deploy/generate-topics.ts: ' +
          'run `npm run deploy:topics` and commit the file\n' +
          `--- committed\n${committed}\n--- expected\n${expected}`,
      );
    }
  });

  it('declares every topic once, with its partitions, three replicas and two in sync', () => {
    const documents = parseAllDocuments(readFileSync(topicsFile, 'utf8')).map((d) => d.toJS());
    expect(documents.map((d) => d.spec.topicName)).toEqual(topicDeclarations.map((t) => t.name));
    for (const [index, topic] of topicDeclarations.entries()) {
      expect(documents[index]).toMatchObject({
        apiVersion: 'kafka.strimzi.io/v1',
        kind: 'KafkaTopic',
        metadata: { labels: { 'strimzi.io/cluster': cluster.name } },
        spec: { partitions: topic.partitions, replicas: 3, config: { 'min.insync.replicas': '2' } },
      });
    }
  });

  it('keeps the declared configuration but replaces the replication of the single-broker stacks', () => {
    const [topic] = kafkaTopics([
      { name: 'Some_Topic', partitions: 2, config: { 'retention.ms': '1', 'min.insync.replicas': '1' }, purpose: 'p' },
    ]);
    expect(topic?.metadata.name).toBe('some-topic');
    expect(topic?.spec).toEqual({
      topicName: 'Some_Topic',
      partitions: 2,
      replicas: 3,
      config: { 'retention.ms': '1', 'min.insync.replicas': '2' },
    });
  });

  it('refuses a topic name that leaves no valid resource name', () => {
    expect(() => resourceName('__')).toThrow('no valid resource name');
  });
});
