// What tests may use of the launcher: start and stop single servers of a profile.
export { resolveSettings, type StackSettings, type Profile } from './settings';
export { startKafka, waitForKafkaAndApplyTopics, kafkaBrokers } from './servers/kafka';
export { ManagedProcess, waitUntil } from './processes';
export type { Tools } from './tools';
