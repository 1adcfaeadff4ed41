export * from './lib/kafka-client';
export * from './lib/topic-admin';
export * from './lib/kafka-message-publisher';
