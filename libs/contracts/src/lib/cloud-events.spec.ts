import { CloudEvent, Kafka, type KafkaMessage } from 'cloudevents';
import fc from 'fast-check';
import { domainEvent, FREE_TEXT_MARKER } from '../testing/arbitraries';
import { scenarioEvents } from '../testing/domain-scenario';
import { allSampleEvents, CYCLE_ID, PERSON_AT_RISK, sampleEvents } from '../testing/sample-events';
import {
  IntegrationMessageError,
  parseIntegrationMessage,
  toCloudEvent,
  toIntegrationKafkaMessage,
  type IntegrationMessageErrorCode,
} from './cloud-events';
import { DEFAULT_SCHEMA_BASE, integrationEventTopics } from './naming';
import { toIntegrationEvent } from './to-integration-event';
import { Topics } from './topics';

const agreed = {
  ...sampleEvents.ActionPointAgreed,
  sequence: 42,
  occurredAt: '2026-02-01T11:00:00+01:00',
  actor: { userId: 'reviewer.canary', role: 'REVIEWER' as const },
};

describe('toCloudEvent', () => {
  it('sets exactly the CloudEvents attributes of the contract', () => {
    const cloudEvent = toCloudEvent(agreed);
    expect(cloudEvent).toBeInstanceOf(CloudEvent);
    expect(JSON.parse(cloudEvent.toString())).toEqual({
      specversion: '1.0',
      id: `${CYCLE_ID}:42`,
      source: 'urn:suivi:cycles',
      type: 'eu.suivi.action-point.agreed.v1',
      subject: CYCLE_ID,
      time: '2026-02-01T10:00:00.000Z',
      datacontenttype: 'application/json',
      dataschema: 'https://suivi.europa.eu/schemas/events/action-point.agreed/v1.json',
      sequence: 42,
      actorrole: 'REVIEWER',
      data: { actionPointId: 'AP1' },
    });
  });

  it('takes the schema base as a parameter', () => {
    const cloudEvent = toCloudEvent(agreed, { schemaBase: 'https://schemas.example.org/suivi/' });
    expect(cloudEvent.dataschema).toBe('https://schemas.example.org/suivi/action-point.agreed/v1.json');
  });

  it.each(allSampleEvents.map((e) => [e.type, e] as const))(
    'names the type after the integration event: %s',
    (_t, e) => {
      const { type, version } = toIntegrationEvent(e);
      const cloudEvent = toCloudEvent(e);
      expect(cloudEvent.type).toBe(`eu.suivi.${type}.v${version}`);
      expect(cloudEvent.dataschema).toBe(`${DEFAULT_SCHEMA_BASE}${type}/v${version}.json`);
    },
  );

  it('refuses a cycle id the contract does not allow', () => {
    expect(() => toCloudEvent({ ...agreed, cycleId: 'KH HRD' })).toThrow(/subject/);
  });
});

describe('toIntegrationKafkaMessage', () => {
  it('is a structured CloudEvent keyed by cycle id, with routing headers', () => {
    const message = toIntegrationKafkaMessage(agreed);
    expect(message.key).toBe(CYCLE_ID);
    expect(message.headers).toEqual({
      'content-type': 'application/cloudevents+json',
      'event-id': `${CYCLE_ID}:42`,
      'event-type': 'eu.suivi.action-point.agreed.v1',
      sequence: '42',
    });
    expect(JSON.parse(message.value)).toEqual(JSON.parse(toCloudEvent(agreed).toString()));
  });

  it('carries none of the free text of the domain event, nor who acted', () => {
    for (const event of [...allSampleEvents, ...scenarioEvents()]) {
      const message = toIntegrationKafkaMessage(event);
      const wire = JSON.stringify(message);
      expect(wire).not.toContain(PERSON_AT_RISK);
      expect(wire).not.toMatch(/Canary|canary/);
      expect(wire).not.toContain(event.actor.userId);
      expect(wire).not.toContain(event.commandId);
    }
  });

  it('carries no free text for any domain event (property)', () => {
    fc.assert(
      fc.property(domainEvent, (event) => {
        expect(JSON.stringify(toIntegrationKafkaMessage(event))).not.toContain(FREE_TEXT_MARKER);
      }),
      { numRuns: 300 },
    );
  });

  it('can be read by the CloudEvents SDK Kafka binding', () => {
    const message = toIntegrationKafkaMessage(sampleEvents.ReminderSent);
    const kafkaMessage: KafkaMessage<string> = { ...message, body: message.value };
    const received = Kafka.toEvent(kafkaMessage);
    expect(received).toMatchObject({
      id: `${CYCLE_ID}:17`,
      type: 'eu.suivi.reminder.sent.v1',
      sequence: 17,
      actorrole: 'SYSTEM',
      partitionkey: CYCLE_ID,
    });
  });

  it('routes reminders to the reminders topic as well', () => {
    expect(integrationEventTopics('reminder.sent')).toEqual([Topics.cycleEvents, Topics.reminders]);
    expect(integrationEventTopics('action-point.agreed')).toEqual([Topics.cycleEvents]);
  });
});

describe('parseIntegrationMessage', () => {
  it.each(allSampleEvents.map((e) => [e.type, e] as const))('round-trips %s', (_type, event) => {
    const message = toIntegrationKafkaMessage(event);
    const parsed = parseIntegrationMessage(message.value);
    expect(parsed.event).toEqual(toIntegrationEvent(event));
    expect(parsed.cloudEvent).toEqual(JSON.parse(message.value));
  });

  it('round-trips any domain event, from a string or a Buffer (property)', () => {
    fc.assert(
      fc.property(domainEvent, fc.boolean(), (event, asBuffer) => {
        const { value } = toIntegrationKafkaMessage(event);
        const parsed = parseIntegrationMessage(asBuffer ? Buffer.from(value, 'utf8') : value);
        expect(parsed.event).toEqual(toIntegrationEvent(event));
        expect(parsed.cloudEvent.sequence).toBe(event.sequence);
      }),
      { numRuns: 200 },
    );
  });

  it('returns a typed event to dispatch on', () => {
    const { event } = parseIntegrationMessage(toIntegrationKafkaMessage(sampleEvents.ProgressReported).value);
    if (event.type !== 'action-point.progress-reported') throw new Error(`unexpected ${event.type}`);
    expect(event.data.evidenceCount).toBe(2);
  });

  it('checks the schema base when given', () => {
    const { value } = toIntegrationKafkaMessage(agreed, { schemaBase: 'https://schemas.example.org/' });
    expect(parseIntegrationMessage(value, { schemaBase: 'https://schemas.example.org/' }).event.type).toBe(
      'action-point.agreed',
    );
    expectRefusal(() => parseIntegrationMessage(value), 'INCONSISTENT_ENVELOPE', /\/dataschema/);
  });

  const valid = () => JSON.parse(toIntegrationKafkaMessage(sampleEvents.ActionPointProposed).value);
  const refusals: [string, string, IntegrationMessageErrorCode, RegExp][] = [
    ['not JSON', '{"specversion":', 'NOT_JSON', /not JSON/],
    ['a missing attribute', JSON.stringify({ ...valid(), source: undefined }), 'INVALID_ENVELOPE', /source/],
    ['an extra attribute', JSON.stringify({ ...valid(), actoruserid: 'canary' }), 'INVALID_ENVELOPE', /actoruserid/],
    [
      'a type or version it does not know',
      JSON.stringify({ ...valid(), type: 'eu.suivi.action-point.proposed.v9' }),
      'UNKNOWN_EVENT_TYPE',
      /UNKNOWN_EVENT_TYPE, eu\.suivi\.action-point\.proposed\.v9\): \/type is not a known event type/,
    ],
    ['a foreign type', JSON.stringify({ ...valid(), type: 'com.example.thing' }), 'INVALID_ENVELOPE', /\/type/],
    [
      'an id not made of subject and sequence',
      JSON.stringify({ ...valid(), id: 'KH-HRD-2026:5' }),
      'INCONSISTENT_ENVELOPE',
      /\/id/,
    ],
    [
      'the schema of another type',
      JSON.stringify({ ...valid(), dataschema: `${DEFAULT_SCHEMA_BASE}action-point.agreed/v1.json` }),
      'INCONSISTENT_ENVELOPE',
      /\/dataschema/,
    ],
    [
      'free text in the data',
      JSON.stringify({ ...valid(), data: { ...valid().data, text: PERSON_AT_RISK } }),
      'INVALID_DATA',
      /additional properties \(text\)/,
    ],
    [
      'a code outside the reference data',
      JSON.stringify({ ...valid(), data: { ...valid().data, themes: ['IX.Z'] } }),
      'INVALID_DATA',
      /\/data\/themes\/0/,
    ],
    [
      'a missing data field',
      JSON.stringify({ ...valid(), data: { ...valid().data, owner: undefined } }),
      'INVALID_DATA',
      /owner/,
    ],
  ];

  it.each(refusals)('refuses %s with a clear error', (_what, value, code, problem) => {
    expectRefusal(() => parseIntegrationMessage(value), code, problem);
  });

  it('never quotes the values it refuses', () => {
    const value = JSON.stringify({ ...valid(), data: { ...valid().data, roundId: PERSON_AT_RISK } });
    expectRefusal(() => parseIntegrationMessage(value), 'INVALID_DATA', /\/data\/roundId must match pattern/);
    expect(() => parseIntegrationMessage(value)).not.toThrow(/Canary/);
  });
});

function expectRefusal(parse: () => unknown, code: IntegrationMessageErrorCode, problem: RegExp): void {
  let error: unknown;
  try {
    parse();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(IntegrationMessageError);
  expect((error as IntegrationMessageError).code).toBe(code);
  expect((error as IntegrationMessageError).message).toMatch(problem);
}
