import { resolveSettings } from '../settings';
import { brokerProperties } from './kafka';
import { clusterPorts } from './ports';

const parse = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

describe('Kafka brokers of the cluster', () => {
  const brokers = clusterPorts(resolveSettings('cluster', {}).ports).kafka;
  const second = parse(brokerProperties(brokers[1] as (typeof brokers)[number], brokers, '/data/kafka-2/kraft-logs'));

  it('makes each broker a controller of a quorum of all three', () => {
    expect(second).toMatchObject({
      'process.roles': 'broker,controller',
      'node.id': '2',
      'controller.quorum.voters': '1@127.0.0.1:24093,2@127.0.0.1:24095,3@127.0.0.1:24097',
      listeners: 'PLAINTEXT://127.0.0.1:24094,CONTROLLER://127.0.0.1:24095',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:24094',
      'log.dirs': '/data/kafka-2/kraft-logs',
    });
  });

  it('keeps three copies of the internal topics, two in sync, and never elects a replica that fell behind', () => {
    expect(second).toMatchObject({
      'offsets.topic.replication.factor': '3',
      'transaction.state.log.replication.factor': '3',
      'transaction.state.log.min.isr': '2',
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'unclean.leader.election.enable': 'false',
      'auto.create.topics.enable': 'false',
    });
  });

  it('gives every broker its own node id, ports and data folder', () => {
    const all = brokers.map((b) => parse(brokerProperties(b, brokers, `/data/${b.nodeId}`)));
    for (const key of ['node.id', 'listeners', 'log.dirs']) {
      expect(new Set(all.map((p) => p[key])).size).toBe(3);
    }
  });
});
