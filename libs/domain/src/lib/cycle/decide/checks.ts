import { referenceData } from '../../reference-data';
import {
  type ActionPointOwner,
  type Assessment,
  type CommandMetadata,
  type Priority,
  type ReminderPolicy,
  type UnMechanismKind,
} from '../cycle-types';
import { isInstant } from '../dates';
import type { DomainError } from '../decider';
import { reject } from './rejections';

export const ASSESSMENTS: readonly Assessment[] = ['COMPLETED', 'PARTIALLY_COMPLETED', 'NOT_COMPLETED'];

export const OWNERS: readonly ActionPointOwner[] = ['PARTNER', 'EU', 'JOINT'];

export const PRIORITIES: readonly Priority[] = ['HIGH', 'MEDIUM', 'LOW'];

export const UN_MECHANISMS: readonly UnMechanismKind[] = referenceData.unMechanisms.mechanisms.map((m) => m.code);

export function checkMetadata(metadata: CommandMetadata): DomainError | undefined {
  const ok =
    isRecord(metadata) &&
    typeof metadata.commandId === 'string' &&
    metadata.commandId !== '' &&
    isRecord(metadata.actor) &&
    typeof metadata.actor.userId === 'string' &&
    typeof metadata.actor.role === 'string' &&
    isInstant(metadata.issuedAt);
  return ok
    ? undefined
    : reject(
        'INVALID_METADATA',
        'The command metadata must give a command id, the actor (user id and role) and issuedAt as an ISO 8601 instant with its offset, e.g. 2026-03-01T09:00:00.000Z.',
        'metadata',
      );
}

/** The need-to-know store's references: "case-" and a lower-case UUID, nothing that could name anyone. */
export const CASE_REF = /^case-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function normalizedPolicy(policy: ReminderPolicy): ReminderPolicy {
  return {
    beforeDeadline: policy.beforeDeadline.map((s) => ({ offset: s.offset, recipientRole: s.recipientRole })),
    onDeadline: policy.onDeadline ? { recipientRole: policy.onDeadline.recipientRole } : null,
    escalations: policy.escalations.map((s) => ({ offset: s.offset, recipientRole: s.recipientRole })),
    localTime: policy.localTime,
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
