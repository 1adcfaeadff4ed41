export * from './lib/kafka-client';
export * from './lib/topic-admin';
