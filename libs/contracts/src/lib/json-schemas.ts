import { z } from 'zod';
import { CloudEventEnvelope } from './envelope';
import { integrationEventCatalog, type IntegrationEventDefinition } from './integration-events';
import { cloudEventType, dataSchemaUrl, DEFAULT_SCHEMA_BASE, envelopeSchemaUrl } from './naming';

/** A JSON Schema document, as plain JSON. */
export type JsonSchema = { [keyword: string]: unknown };

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

function generate(schema: z.ZodType): JsonSchema {
  // 'throw': a zod feature JSON Schema cannot express would make the published schema lie.
  const body = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'throw',
  }) as JsonSchema;
  delete body['$schema']; // set first by the callers, for readability of the files
  return body;
}

/** The JSON Schema (draft 2020-12) of an integration event's data; `$id` is its `dataschema` URL. */
export function integrationEventJsonSchema(
  definition: IntegrationEventDefinition,
  schemaBase: string = DEFAULT_SCHEMA_BASE,
): JsonSchema {
  return {
    $schema: DRAFT_2020_12,
    $id: dataSchemaUrl(definition.name, definition.version, schemaBase),
    title: `${cloudEventType(definition.name, definition.version)} data`,
    description: definition.description,
    ...generate(definition.data),
  };
}

/** The JSON Schema of the CloudEvents envelope (data left to the event's own schema). */
export function cloudEventEnvelopeJsonSchema(schemaBase: string = DEFAULT_SCHEMA_BASE): JsonSchema {
  return { $schema: DRAFT_2020_12, $id: envelopeSchemaUrl(schemaBase), ...generate(CloudEventEnvelope) };
}

/** Every event data schema, keyed `<name>/v<version>` (its path under schemas/events/, without `.json`). */
export function integrationEventJsonSchemas(schemaBase: string = DEFAULT_SCHEMA_BASE): Map<string, JsonSchema> {
  return new Map(
    integrationEventCatalog.map((d) => [`${d.name}/v${d.version}`, integrationEventJsonSchema(d, schemaBase)]),
  );
}
