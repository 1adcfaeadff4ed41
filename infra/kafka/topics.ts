import { Topics } from '@suivi/contracts';
import type { TopicDeclaration } from '@suivi/kafka';

const forever = { 'retention.ms': '-1', 'retention.bytes': '-1', 'cleanup.policy': 'delete' };
const days = (n: number) => String(n * 24 * 60 * 60 * 1000);

/**
 * How many copies of every partition the stack keeps: one on the single broker of the dev, test,
 * e2e and bench profiles; three on the cluster profile's three brokers, where a write (acks=all,
 * the producer's setting) needs two in sync, so one broker can stop without losing or refusing one.
 */
export interface Replication {
  replicationFactor: number;
  minInsyncReplicas: number;
}

export const singleBroker: Replication = { replicationFactor: 1, minInsyncReplicas: 1 };
export const threeBrokers: Replication = { replicationFactor: 3, minInsyncReplicas: 2 };

/**
 * Suivi's topics, declared as code and applied at every start (created when missing,
 * configuration re-applied when it drifted). Six partitions let six projector or
 * downstream consumers share the load; order is per cycle, as the key is the cycle id.
 * With one broker, only the two event logs name `min.insync.replicas` (1, as before); with
 * replicas, every topic does.
 */
export function topicDeclarationsFor(replication: Replication): readonly TopicDeclaration[] {
  const { replicationFactor, minInsyncReplicas } = replication;
  const replicated = replicationFactor > 1;
  const minIsr = { 'min.insync.replicas': String(minInsyncReplicas) };
  return [
    {
      name: Topics.cycleEvents,
      partitions: 6,
      replicationFactor,
      config: { ...forever, ...minIsr },
      purpose: 'public integration events of every cycle (CloudEvents, key: cycle id), kept forever',
    },
    {
      name: Topics.cycleLog,
      partitions: 6,
      replicationFactor,
      config: { ...forever, ...minIsr },
      purpose: 'internal domain event log of every cycle (key: cycle id), kept forever: projector and rebuilds',
    },
    {
      name: Topics.reminders,
      partitions: 6,
      replicationFactor,
      config: { 'retention.ms': days(30), 'cleanup.policy': 'delete', ...(replicated ? minIsr : {}) },
      purpose: 'reminders and escalations for the notification service (key: cycle id)',
    },
    {
      name: Topics.deadLetter,
      partitions: 1,
      replicationFactor,
      config: { ...forever, ...(replicated ? minIsr : {}) },
      purpose: 'messages a consumer could not process, with the reason (kept for investigation)',
    },
  ];
}

/** The single-broker profiles' topics (dev, test, e2e, bench). */
export const topicDeclarations: readonly TopicDeclaration[] = topicDeclarationsFor(singleBroker);
