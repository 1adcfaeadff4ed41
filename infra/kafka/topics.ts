import { Topics } from '@suivi/contracts';
import type { TopicDeclaration } from '@suivi/kafka';

const forever = { 'retention.ms': '-1', 'retention.bytes': '-1', 'cleanup.policy': 'delete' };
const days = (n: number) => String(n * 24 * 60 * 60 * 1000);

/**
 * Suivi's topics, declared as code and applied at every start (created when missing,
 * configuration re-applied when it drifted). Six partitions let six projector or
 * downstream consumers share the load; order is per cycle, as the key is the cycle id.
 */
export const topicDeclarations: readonly TopicDeclaration[] = [
  {
    name: Topics.cycleEvents,
    partitions: 6,
    config: { ...forever, 'min.insync.replicas': '1' },
    purpose: 'public integration events of every cycle (CloudEvents, key: cycle id), kept forever',
  },
  {
    name: Topics.cycleLog,
    partitions: 6,
    config: { ...forever, 'min.insync.replicas': '1' },
    purpose: 'internal domain event log of every cycle (key: cycle id), kept forever: projector and rebuilds',
  },
  {
    name: Topics.reminders,
    partitions: 6,
    config: { 'retention.ms': days(30), 'cleanup.policy': 'delete' },
    purpose: 'reminders and escalations for the notification service (key: cycle id)',
  },
  {
    name: Topics.deadLetter,
    partitions: 1,
    config: forever,
    purpose: 'messages a consumer could not process, with the reason (kept for investigation)',
  },
];
