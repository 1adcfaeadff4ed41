import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { integrationEventCatalog } from '../lib/integration-events';
import { cloudEventEnvelopeJsonSchema, integrationEventJsonSchema } from '../lib/json-schemas';
import { asyncApiDocument, ENVELOPE_SCHEMA_PATH, eventSchemaPath } from './asyncapi';

/** libs/contracts: the generated files are committed there. */
export const CONTRACTS_ROOT = resolve(__dirname, '..', '..');
export const EVENT_SCHEMAS_DIR = 'schemas/events';
/** Schemas as published, copied once per name and version and never regenerated: the compatibility baseline. */
export const PUBLISHED_DIR = 'schemas/published';
export const ASYNCAPI_PATH = 'asyncapi.yaml';

export interface ContractFile {
  /** Relative to CONTRACTS_ROOT. */
  path: string;
  content: Record<string, unknown>;
}

/** Every file the generator writes, from the code: event data schemas, the envelope schema, the AsyncAPI document. */
export function contractFiles(): ContractFile[] {
  return [
    ...integrationEventCatalog.map((d) => ({ path: eventSchemaPath(d), content: integrationEventJsonSchema(d) })),
    { path: ENVELOPE_SCHEMA_PATH, content: cloudEventEnvelopeJsonSchema() },
    { path: ASYNCAPI_PATH, content: asyncApiDocument() },
  ];
}

/** The file's text before Prettier (the generator formats it; the up-to-date test compares parsed content). */
export function serialize(file: ContractFile): string {
  return file.path.endsWith('.yaml')
    ? stringify(file.content, { lineWidth: 0, aliasDuplicateObjects: false })
    : `${JSON.stringify(file.content, null, 2)}\n`;
}
