import { CYCLE_ID_PATTERN } from '@suivi/domain';
import { z } from 'zod';
import { ActorRoleCodeSchema, CycleIdSchema, InstantSchema } from './codes';
import { integrationEventCatalog } from './integration-events';
import { CLOUDEVENTS_CONTENT_TYPE, cloudEventType, DATA_CONTENT_TYPE, SUIVI_EVENT_SOURCE } from './naming';

/** Every CloudEvents type Suivi has published (all versions: old ones stay parseable). */
export const integrationCloudEventTypes = integrationEventCatalog.map((d) => cloudEventType(d.name, d.version)) as [
  string,
  ...string[],
];

const SEQUENCE = '[1-9][0-9]{0,15}';
export const EVENT_ID_PATTERN = new RegExp(`^${CYCLE_ID_PATTERN.source.slice(1, -1)}:${SEQUENCE}$`);
/** Any schema base, then `<name>/v<version>.json`. */
export const DATA_SCHEMA_PATTERN = /^https?:\/\/[^\s?#]+\/[a-z][a-z-]*(?:\.[a-z][a-z-]*)+\/v[1-9][0-9]*\.json$/;

/**
 * The CloudEvents 1.0 envelope of every integration event, in structured JSON mode. It is
 * closed (no other attributes): an extension attribute is a field like any other, and must
 * not become a way round the no-free-text rule.
 */
export const CloudEventEnvelope = z
  .strictObject({
    specversion: z.literal('1.0'),
    id: z.string().regex(EVENT_ID_PATTERN).describe('`<cycle id>:<sequence>`: the same event always has the same id.'),
    source: z.literal(SUIVI_EVENT_SOURCE),
    type: z.enum(integrationCloudEventTypes).describe('`eu.suivi.<name>.v<version>`.'),
    subject: CycleIdSchema.describe('The cycle id (also the Kafka key).'),
    time: InstantSchema.describe('When the event happened (the instant of the command that caused it).'),
    datacontenttype: z.literal(DATA_CONTENT_TYPE),
    dataschema: z
      .string()
      .regex(DATA_SCHEMA_PATTERN)
      .meta({ format: 'uri' })
      .describe('JSON Schema of `data` for this type and version.'),
    sequence: z
      .int()
      .min(1)
      .describe('Extension: position of the event in its cycle (1, 2, ...), with no gaps; orders events of a cycle.'),
    actorrole: ActorRoleCodeSchema.describe('Extension: role of whoever caused the event (never their identity).'),
    data: z.record(z.string(), z.unknown()).describe('The event data, valid against `dataschema`.'),
  })
  .meta({
    title: 'Suivi integration event (CloudEvents 1.0, structured JSON)',
    description: 'Envelope of every message on the suivi.cycle-events and suivi.reminders topics.',
  });
export type CloudEventEnvelope = z.output<typeof CloudEventEnvelope>;

/** Kafka headers of an integration message, so consumers can route and drop duplicates without parsing the value. */
export const IntegrationMessageHeaders = z
  .looseObject({
    'content-type': z.literal(CLOUDEVENTS_CONTENT_TYPE),
    'event-id': z.string().regex(EVENT_ID_PATTERN).describe('Same as the CloudEvents id.'),
    'event-type': z.enum(integrationCloudEventTypes).describe('Same as the CloudEvents type.'),
    sequence: z
      .string()
      .regex(new RegExp(`^${SEQUENCE}$`))
      .describe('Same as the sequence attribute, in decimal.'),
  })
  .meta({ title: 'Integration message headers' });
export type IntegrationMessageHeaders = z.output<typeof IntegrationMessageHeaders>;
