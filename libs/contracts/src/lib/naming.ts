import type { CycleEvent } from '@suivi/domain';
import type { IntegrationEventName } from './integration-events';
import { Topics, type TopicName } from './topics';

/** CloudEvents `source` of every Suivi integration event: the cycle register, not a host name that may move. */
export const SUIVI_EVENT_SOURCE = 'urn:suivi:cycles';
/** Where the event data schemas are published; `dataschema` = base + `<name>/v<version>.json`. */
export const DEFAULT_SCHEMA_BASE = 'https://suivi.europa.eu/schemas/events/';
/** Structured mode: the whole CloudEvent is the Kafka record value. */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';
export const DATA_CONTENT_TYPE = 'application/json';
const CLOUD_EVENT_TYPE_PREFIX = 'eu.suivi.';

/** `eu.suivi.<name>.v<version>`, e.g. `eu.suivi.action-point.agreed.v1`. */
export function cloudEventType(name: string, version: number): string {
  return `${CLOUD_EVENT_TYPE_PREFIX}${name}.v${version}`;
}

/** The name and version in a CloudEvents type of Suivi's, or undefined. */
export function parseCloudEventType(type: string): { name: string; version: number } | undefined {
  const match = /^eu\.suivi\.([a-z][a-z-]*(?:\.[a-z][a-z-]*)+)\.v([1-9][0-9]*)$/.exec(type);
  return match ? { name: match[1], version: Number(match[2]) } : undefined;
}

export function dataSchemaUrl(name: string, version: number, schemaBase: string = DEFAULT_SCHEMA_BASE): string {
  return `${schemaBase}${name}/v${version}.json`;
}

/** The envelope schema sits one level above the event schemas. */
export function envelopeSchemaUrl(schemaBase: string = DEFAULT_SCHEMA_BASE): string {
  return new URL('../cloudevent-envelope.json', schemaBase).href;
}

/**
 * Deterministic, so consumers drop duplicates after a retry or a crash. Same rule as
 * `eventId()` in cycle-workflow-api (not imported: contracts depend on the domain only).
 */
export function integrationEventId(event: Pick<CycleEvent, 'cycleId' | 'sequence'>): string {
  return `${event.cycleId}:${event.sequence}`;
}

/** Every integration event goes to the cycle events topic; reminders also to the notification service's topic. */
export function integrationEventTopics(name: IntegrationEventName): TopicName[] {
  return name === 'reminder.sent' ? [Topics.cycleEvents, Topics.reminders] : [Topics.cycleEvents];
}
