import type { IntegrationMessageErrorCode } from './cloud-events';

/**
 * Headers a consumer adds when it moves a message to the dead-letter topic. The record keeps
 * its key, value and original headers, so it can be replayed once the cause is fixed.
 */
export const DeadLetterHeaders = {
  /** A code, never an error message: messages can quote the values that caused them. */
  reason: 'dead-letter-reason',
  sourceTopic: 'dead-letter-source-topic',
  sourcePartition: 'dead-letter-source-partition',
  sourceOffset: 'dead-letter-source-offset',
  /** The consumer group that gave up on the message. */
  consumer: 'dead-letter-consumer',
} as const;

/** Reasons: why an integration message did not parse, or that processing it failed after retries. */
export type DeadLetterReason = IntegrationMessageErrorCode | 'PROCESSING_FAILED';
export const deadLetterReasons: readonly DeadLetterReason[] = [
  'NOT_JSON',
  'INVALID_ENVELOPE',
  'UNKNOWN_EVENT_TYPE',
  'INCONSISTENT_ENVELOPE',
  'INVALID_DATA',
  'PROCESSING_FAILED',
];
