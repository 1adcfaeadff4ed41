import type { CycleEvent } from '@suivi/domain';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { CloudEvent, Kafka } from 'cloudevents';
import { CloudEventEnvelope } from './envelope';
import { integrationEventDefinition, type IntegrationEvent } from './integration-events';
import { cloudEventEnvelopeJsonSchema, integrationEventJsonSchema } from './json-schemas';
import {
  CLOUDEVENTS_CONTENT_TYPE,
  cloudEventType,
  DATA_CONTENT_TYPE,
  dataSchemaUrl,
  integrationEventId,
  parseCloudEventType,
  SUIVI_EVENT_SOURCE,
} from './naming';
import { IntegrationEventMappingError, toIntegrationEvent, utc } from './to-integration-event';

export interface IntegrationEventOptions {
  /** Base URL of the published schemas (ends with "/"); default DEFAULT_SCHEMA_BASE. */
  schemaBase?: string;
}

/** The CloudEvent of a domain event: attributes from the domain event's envelope, data from its integration event. */
export function toCloudEvent(
  event: CycleEvent,
  options: IntegrationEventOptions = {},
  // Callers that already mapped the event pass it, so it is mapped and validated once.
  integrationEvent: IntegrationEvent = toIntegrationEvent(event),
): CloudEvent<IntegrationEvent['data']> {
  const { type, version, data } = integrationEvent;
  const cloudEvent = new CloudEvent<IntegrationEvent['data']>({
    specversion: '1.0',
    id: integrationEventId(event),
    source: SUIVI_EVENT_SOURCE,
    type: cloudEventType(type, version),
    subject: event.cycleId,
    time: utc(event.occurredAt),
    datacontenttype: DATA_CONTENT_TYPE,
    dataschema: dataSchemaUrl(type, version, options.schemaBase),
    sequence: event.sequence,
    actorrole: event.actor.role,
    data,
  });
  // The SDK checks CloudEvents itself; this checks Suivi's envelope (cycle id, sequence, role).
  const checked = CloudEventEnvelope.safeParse(JSON.parse(cloudEvent.toString())); // as it goes on the wire
  if (!checked.success) {
    const problems = checked.error.issues.map((issue) => `${issue.path.join('.') || '(envelope)'}: ${issue.message}`);
    throw new IntegrationEventMappingError(event.type, cloudEvent.type, problems);
  }
  return cloudEvent;
}

/** A record for kafkajs' producer.send; the topics it goes to are integrationEventTopics(name). */
export interface IntegrationKafkaMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * The Kafka record of a domain event's integration event: structured mode (the CloudEvent is
 * the value), keyed by cycle id so that a cycle's events stay in order on one partition.
 */
export function toIntegrationKafkaMessage(
  event: CycleEvent,
  options: IntegrationEventOptions = {},
  integrationEvent: IntegrationEvent = toIntegrationEvent(event),
): IntegrationKafkaMessage {
  const cloudEvent = toCloudEvent(event, options, integrationEvent);
  const { value } = Kafka.structured(cloudEvent);
  return {
    key: event.cycleId,
    value,
    headers: {
      'content-type': CLOUDEVENTS_CONTENT_TYPE,
      'event-id': cloudEvent.id,
      'event-type': cloudEvent.type,
      sequence: String(event.sequence),
    },
  };
}

export type IntegrationMessageErrorCode =
  | 'NOT_JSON'
  | 'INVALID_ENVELOPE'
  | 'UNKNOWN_EVENT_TYPE'
  | 'INCONSISTENT_ENVELOPE'
  | 'INVALID_DATA';

/** Why a message is not a valid integration event; `code` suits a dead-letter reason header. */
export class IntegrationMessageError extends Error {
  constructor(
    readonly code: IntegrationMessageErrorCode,
    /** JSON pointers and rules, never values (they could be personal data). */
    readonly problems: string[],
    readonly eventType?: string,
  ) {
    super(`Not a valid Suivi integration event (${code}${eventType ? `, ${eventType}` : ''}): ${problems.join('; ')}`);
    this.name = 'IntegrationMessageError';
  }
}

/** A parsed integration message: the envelope as received, and the typed event to dispatch on. */
export interface IntegrationMessage {
  cloudEvent: CloudEventEnvelope;
  /** Discriminated by `type` and `version`. */
  event: IntegrationEvent;
}

/**
 * Parses a Kafka record value (structured CloudEvent JSON) and validates the envelope and the
 * data against the JSON Schemas of its type and version, the same ones consumers get.
 */
export function parseIntegrationMessage(
  value: string | Buffer,
  options: IntegrationEventOptions = {},
): IntegrationMessage {
  let json: unknown;
  try {
    json = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch {
    throw new IntegrationMessageError('NOT_JSON', ['the value is not JSON']);
  }
  // A type this version of the contracts does not know (e.g. a newer version) is told apart from a broken message.
  const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
  const parsedType = typeof type === 'string' ? parseCloudEventType(type) : undefined;
  const definition = parsedType && integrationEventDefinition(parsedType.name, parsedType.version);
  if (parsedType && !definition) {
    throw new IntegrationMessageError('UNKNOWN_EVENT_TYPE', ['/type is not a known event type'], type as string);
  }
  const validEnvelope = validators.envelope();
  if (!validEnvelope(json) || !definition) {
    throw new IntegrationMessageError('INVALID_ENVELOPE', describe(validEnvelope.errors));
  }
  const cloudEvent = json as CloudEventEnvelope;
  const { name, version } = definition;
  const inconsistencies = [
    cloudEvent.id === `${cloudEvent.subject}:${cloudEvent.sequence}` ? '' : '/id is not "<subject>:<sequence>"',
    cloudEvent.dataschema === dataSchemaUrl(name, version, options.schemaBase)
      ? ''
      : `/dataschema is not the schema of ${cloudEvent.type}`,
  ].filter(Boolean);
  if (inconsistencies.length > 0) {
    throw new IntegrationMessageError('INCONSISTENT_ENVELOPE', inconsistencies, cloudEvent.type);
  }
  const validData = validators.data(name, version);
  if (!validData(cloudEvent.data)) {
    throw new IntegrationMessageError('INVALID_DATA', describe(validData.errors, '/data'), cloudEvent.type);
  }
  return { cloudEvent, event: { type: name, version, data: cloudEvent.data } as IntegrationEvent };
}

function describe(errors: ErrorObject[] | null | undefined, prefix = ''): string[] {
  return (errors ?? []).map((e) => {
    const property = 'additionalProperty' in e.params ? ` (${String(e.params['additionalProperty'])})` : '';
    return `${prefix}${e.instancePath || (prefix ? '' : '/')} ${e.message ?? e.keyword}${property}`;
  });
}

// Compiled on first use, once per schema.
const validators = (() => {
  let ajv: Ajv2020 | undefined;
  let envelope: ValidateFunction | undefined;
  const data = new Map<string, ValidateFunction>();
  const instance = () => {
    if (!ajv) {
      ajv = new Ajv2020({ allErrors: true, strict: true });
      addFormats(ajv);
    }
    return ajv;
  };
  return {
    envelope: () => (envelope ??= instance().compile(cloudEventEnvelopeJsonSchema())),
    data: (name: string, version: number): ValidateFunction => {
      const key = `${name}/v${version}`;
      let validate = data.get(key);
      if (!validate) {
        const definition = integrationEventDefinition(name, version);
        if (!definition) throw new Error(`No schema for ${key}`);
        validate = instance().compile(integrationEventJsonSchema(definition));
        data.set(key, validate);
      }
      return validate;
    },
  };
})();
