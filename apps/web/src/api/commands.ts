import type { Role } from '../auth/principal';
import type { JsonSchema } from '../forms/schema-form';
import catalogue from './commands.json';

/** A command route of the API, as generated from its OpenAPI document (commands.json). */
export interface CommandSpec {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  summary: string;
  /** Its name in each language of the app (x-suivi-label, from the domain's command catalogue). */
  label: Readonly<Record<LabelLanguage, string>> | null;
  /** Roles the API lets use it (x-suivi-roles); null where the API decides per case. */
  roles: Role[] | null;
  pathParameters: string[];
  queryParameters: Array<{ name: string; schema: JsonSchema }>;
  ifMatch: boolean;
  idempotencyKey: boolean;
  body: JsonSchema | null;
}

export type LabelLanguage = 'en' | 'fr';

export const COMMANDS = catalogue as unknown as CommandSpec[];

/** A command's name on its button and form, in the page's language; its summary when the API gives none. */
export function commandLabel(spec: Pick<CommandSpec, 'label' | 'summary'>, language: string): string {
  return spec.label?.[language === 'fr' ? 'fr' : 'en'] ?? spec.summary;
}

/** What a command acts on, from the deepest parameter of its path. */
export type CommandTarget = 'new-cycle' | 'cycle' | 'round' | 'action-point';

export function targetOf(spec: Pick<CommandSpec, 'pathParameters'>): CommandTarget {
  const p = spec.pathParameters;
  if (p.includes('actionPointId')) return 'action-point';
  if (p.includes('roundId')) return 'round';
  if (p.includes('cycleId')) return 'cycle';
  return 'new-cycle';
}

/** A command's key, for ids and tests: its path without parameters ("cycles_rounds_close"). */
export function commandKey(path: string): string {
  return path
    .replace(/^\/v1\//, '')
    .split('/')
    .filter((segment) => !segment.startsWith('{'))
    .join('_');
}

/** The cycle commands this role may use on this target, in the document's order. */
export function commandsFor(role: Role, target: CommandTarget): CommandSpec[] {
  return COMMANDS.filter(
    (c) => c.path.startsWith('/v1/cycles') && targetOf(c) === target && c.roles?.includes(role) === true,
  );
}

/** The command's URL for these path parameters. */
export function urlOf(spec: Pick<CommandSpec, 'path'>, params: Readonly<Record<string, string>>): string {
  return spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${spec.path}`);
    return encodeURIComponent(value);
  });
}
