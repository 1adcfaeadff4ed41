import { cycleEventSchemas } from '@suivi/domain/event-schemas';
import { eventId, type CycleEvent, type CycleEventType } from '@suivi/domain';
import type { DeadLetterReason } from './dead-letter';
import { Topics } from './topics';

/**
 * The internal cycle log (Topics.cycleLog), written by the worker and read by the projector and
 * rebuilds, defined once here beside its topic name: key = cycle id (one partition per cycle,
 * so order holds), value = JSON `{ id, ...CycleEvent }` with `id = "<cycleId>:<sequence>"`,
 * headers repeating the envelope for tools that do not parse the value.
 */
export const CYCLE_LOG_TOPIC = Topics.cycleLog;

export interface CycleLogRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export function encodeCycleLogRecord(event: CycleEvent): CycleLogRecord {
  const id = eventId(event);
  return {
    key: event.cycleId,
    value: JSON.stringify({ id, ...event }),
    headers: {
      'event-id': id,
      'event-type': event.type,
      'cycle-id': event.cycleId,
      sequence: String(event.sequence),
      'content-type': 'application/json',
    },
  };
}

/** The dead-letter reasons of a message that can never be applied (PROCESSING_FAILED is the consumer's own). */
export type PoisonReason = Exclude<DeadLetterReason, 'PROCESSING_FAILED'>;

export type DecodedCycleLogMessage =
  | { ok: true; event: CycleEvent; eventId: string }
  | { ok: false; reason: PoisonReason; detail: string };

export interface CycleLogMessage {
  key: Buffer | null;
  value: Buffer | null;
}

/** Every domain event type, from the schemas. */
export const knownEventTypes = Object.keys(cycleEventSchemas) as CycleEventType[];

const DETAIL_LIMIT = 500;

/**
 * Reads one message of the cycle log against the events' schemas: the shape of the event, not
 * business rules (decide checked those before the event existed). A message that fails here
 * can never be applied, so its reader sends it to the dead letters. Details name field paths
 * and rules, never values: they could carry personal data.
 */
export function decodeCycleLogMessage(message: CycleLogMessage): DecodedCycleLogMessage {
  if (message.value === null || message.value.length === 0) {
    return { ok: false, reason: 'NOT_JSON', detail: 'the message has no value' };
  }
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString('utf8'));
  } catch {
    // Not the parser's message: it quotes the input, which could be personal data.
    return { ok: false, reason: 'NOT_JSON', detail: 'the value is not JSON' };
  }
  const type = (json as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !Object.hasOwn(cycleEventSchemas, type)) {
    return {
      ok: false,
      reason: 'UNKNOWN_EVENT_TYPE',
      detail: typeof type === 'string' ? `unknown event type "${truncate(type, 80)}"` : 'the message has no event type',
    };
  }
  const { id, ...fields } = json as { id?: unknown };
  if (typeof id !== 'string' || id.length === 0) {
    return { ok: false, reason: 'INVALID_ENVELOPE', detail: 'id: invalid_type' };
  }
  const parsed = cycleEventSchemas[type as CycleEventType].safeParse(fields);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    return {
      ok: false,
      reason: issues.some((issue) => issue.path[0] !== 'data') ? 'INVALID_ENVELOPE' : 'INVALID_DATA',
      detail: truncate(
        issues
          .map(
            (issue) => `${issue.path.join('.') || '(root)'}: ${issue.code === 'custom' ? issue.message : issue.code}`,
          )
          .join('; '),
      ),
    };
  }
  const event = parsed.data as CycleEvent;
  if (id !== eventId(event)) {
    return { ok: false, reason: 'INCONSISTENT_ENVELOPE', detail: 'id: expected "<cycleId>:<sequence>"' };
  }
  // The key decides the partition, and order holds only within a partition.
  if (message.key?.toString('utf8') !== event.cycleId) {
    return { ok: false, reason: 'INCONSISTENT_ENVELOPE', detail: 'key: expected the cycle id' };
  }
  return { ok: true, event, eventId: id };
}

function truncate(text: string, limit = DETAIL_LIMIT): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
