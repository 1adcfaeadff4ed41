import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { ASYNCAPI_PATH, CONTRACTS_ROOT } from '../tools/contract-files';
import { integrationEventCatalog } from './integration-events';
import { cloudEventType, integrationEventTopics } from './naming';
import { Topics } from './topics';

// The document references the event schemas by relative path, so it is parsed from its own location.
const source = join(CONTRACTS_ROOT, ASYNCAPI_PATH);
const text = readFileSync(source, 'utf8');
const parser = new Parser();

describe('asyncapi.yaml', () => {
  let parsed: Awaited<ReturnType<Parser['parse']>>;
  beforeAll(async () => {
    parsed = await parser.parse(text, { source });
  }, 60_000);

  it('is a valid AsyncAPI 3.0 document', async () => {
    const errors = (await parser.validate(text, { source })).filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors).toEqual([]);
    expect(parsed.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error)).toEqual([]);
    expect(parsed.document?.version()).toBe('3.0.0');
  }, 60_000);

  it('describes every topic, by its name', () => {
    const addresses = parsed.document
      ?.channels()
      .all()
      .map((c) => c.address());
    expect(new Set(addresses)).toEqual(new Set(Object.values(Topics)));
  });

  it('has every integration event type as a message, with its data schema', () => {
    const messages = parsed.document?.allMessages().all() ?? [];
    for (const definition of integrationEventCatalog) {
      const type = cloudEventType(definition.name, definition.version);
      const message = messages.find((m) => m.name() === type);
      expect(message).toBeDefined();
      const payload = JSON.stringify(message?.payload()?.json());
      expect(payload).toContain(
        `"$id":"https://suivi.europa.eu/schemas/events/${definition.name}/v${definition.version}.json"`,
      );
    }
  });

  it('puts each message on the topics it is published to, sent by Suivi, keyed by cycle id', () => {
    const document = parsed.document;
    for (const definition of integrationEventCatalog) {
      const type = cloudEventType(definition.name, definition.version);
      const channels = document
        ?.channels()
        .all()
        .filter((c) =>
          c
            .messages()
            .all()
            .some((m) => m.name() === type),
        );
      expect(channels?.map((c) => c.address()).sort()).toEqual([...integrationEventTopics(definition.name)].sort());
    }
    for (const operation of document?.operations().all() ?? []) expect(operation.action()).toBe('send');
    for (const message of document?.allMessages().all() ?? []) {
      expect(message.bindings().get('kafka')?.value()).toHaveProperty('key');
    }
  });

  it('documents the headers of integration messages', () => {
    const message = parsed.document
      ?.allMessages()
      .all()
      .find((m) => m.name() === 'eu.suivi.reminder.sent.v1');
    expect(Object.keys(message?.headers()?.properties() ?? {}).sort()).toEqual([
      'content-type',
      'event-id',
      'event-type',
      'sequence',
    ]);
  });

  it('is refused by the same parser when broken (the check can fail)', async () => {
    const broken = text.replace('action: send', 'action: shout');
    const errors = (await parser.validate(broken, { source })).filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors.length).toBeGreaterThan(0);
  }, 60_000);
});
