import { isLocalDate } from '@suivi/domain';
import { z } from 'zod';
import { codecBodySchema } from '../codec/codec.controller';
import { startCycleBody } from '../cycle-commands/command-bodies';
import { commandRoutes } from '../cycle-commands/command-routes';
import { InvalidBodyProblem, parseBody } from '../cycle-commands/parse-body';
import {
  caseContentSchema,
  grantBodySchema,
  readQuerySchema,
  reasonQuerySchema,
} from '../individual-cases/case-schemas';
import {
  actionPointExportQuerySchema,
  actionPointListQuerySchema,
  cycleListQuerySchema,
  cycleQuerySchema,
  InvalidQueryProblem,
  noQuerySchema,
  PARAMETER_CONTROL_DETAIL,
  parseParams,
} from '../queries/query-params';
import { parsePathParameter, PATH_PARAMETERS } from './path-parameters';
import { ProblemDetailsException } from './problem-details';
import {
  CONTROL_CHARACTERS_DETAIL,
  INSTANT_PATTERN,
  LOCAL_DATE_PATTERN,
  openApiSchema,
  SINGLE_LINE_DETAIL,
  text,
  timeZones,
} from './text-schemas';

type JsonSchema = Record<string, unknown>;

/** Every request body the API validates, by name. */
const BODIES: Record<string, z.ZodType> = {
  startCycle: startCycleBody,
  ...Object.fromEntries(Object.entries(commandRoutes).map(([name, route]) => [name, route.body])),
  caseContent: caseContentSchema,
  grant: grantBodySchema,
  codec: codecBodySchema,
};

/** Every query the API parses, by name (the calendar feed's is private to its controller: token only). */
const QUERIES: Record<string, z.ZodObject> = {
  cycleList: cycleListQuerySchema,
  actionPointList: actionPointListQuerySchema,
  actionPointExport: actionPointExportQuerySchema,
  cycle: cycleQuerySchema,
  none: noQuerySchema,
  individualCaseRead: readQuerySchema,
  individualCaseReason: reasonQuerySchema,
};

/** Fields where a person writes prose: the only ones where tab and line breaks are accepted. */
const FREE_TEXT = [
  'amend#/changes/text',
  'amend#/changes/unReferences/0/text',
  'amend#/reason',
  'assess#/comment',
  'cancel#/reason',
  'caseContent#/details/contacts',
  'caseContent#/details/location',
  'caseContent#/details/situation',
  'close#/reason',
  'propose#/text',
  'propose#/unReferences/0/text',
  'reportProgress#/text',
  'withdraw#/reason',
];

/** The path of every string a body schema admits (array items as index 0, map values as key "k"). */
function stringFields(
  schema: JsonSchema,
  path: Array<string | number> = [],
): Array<{ path: Array<string | number>; schema: JsonSchema }> {
  if (schema['type'] === 'string') return [{ path, schema }];
  const found: Array<{ path: Array<string | number>; schema: JsonSchema }> = [];
  for (const [name, property] of Object.entries((schema['properties'] ?? {}) as Record<string, JsonSchema>)) {
    found.push(...stringFields(property, [...path, name]));
  }
  if (schema['items']) found.push(...stringFields(schema['items'] as JsonSchema, [...path, 0]));
  if (schema['additionalProperties'] && typeof schema['additionalProperties'] === 'object') {
    found.push(...stringFields(schema['additionalProperties'] as JsonSchema, [...path, 'k']));
  }
  for (const branch of [...((schema['anyOf'] ?? []) as JsonSchema[]), ...((schema['allOf'] ?? []) as JsonSchema[])]) {
    found.push(...stringFields(branch, path));
  }
  return found;
}

const pointerOf = (path: Array<string | number>) => `#/${path.join('/')}`;

/** A document with `value` at `path` and nothing else. */
function bodyWith(path: Array<string | number>, value: string): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const inner = bodyWith(rest, value);
  return typeof head === 'number' ? [inner] : { [head]: inner };
}

/** The errors a body gets, by pointer (none when it is accepted). */
function errorsOf(schema: z.ZodType, body: unknown): Map<string, string> {
  try {
    parseBody(schema, body);
    return new Map();
  } catch (error) {
    if (!(error instanceof InvalidBodyProblem)) throw error;
    return new Map(error.errors.map((e) => [e.pointer, e.detail]));
  }
}

const NEVER_ACCEPTED: Array<[string, string]> = [
  ['NUL (U+0000)', '\u0000'],
  ['ESC (U+001B)', '\u001b'],
  ['vertical tab (U+000B)', '\u000b'],
  ['DEL (U+007F)', '\u007f'],
  ['NEL, a C1 control (U+0085)', '\u0085'],
  ['U+009F', '\u009f'],
  ['a lone high surrogate', '\ud800'],
  ['a lone low surrogate', '\udc00'],
  ['U+FFFE', '\ufffe'],
  ['U+FFFF', '\uffff'],
];

const cases = Object.entries(BODIES).flatMap(([name, schema]) =>
  stringFields(openApiSchema(schema)).map((field) => ({
    name,
    schema,
    field,
    label: `${name}${pointerOf(field.path)}`,
  })),
);

describe('every text field of every request body', () => {
  it('finds the fields (the table is not empty)', () => {
    expect(cases.length).toBeGreaterThan(60);
    expect(cases.map((c) => c.label)).toEqual(expect.arrayContaining(FREE_TEXT));
    expect(cases.map((c) => c.label)).toContain('startCycle#/title');
  });

  it.each(cases.map((c) => [c.label, c] as const))(
    '%s: documents what it accepts (pattern, enum or format)',
    (_label, { field }) => {
      const schema = field.schema;
      expect(Boolean(schema['pattern']) || Array.isArray(schema['enum'])).toBe(true);
    },
  );

  describe.each(NEVER_ACCEPTED)('refuses %s', (_what, character) => {
    it.each(cases.map((c) => [c.label, c] as const))('in %s, naming the field', (_label, { schema, field }) => {
      const errors = errorsOf(schema, bodyWith(field.path, `Ab${character}cd`));
      expect(errors.get(pointerOf(field.path))).toBe(CONTROL_CHARACTERS_DETAIL);
      // The document says so too: its pattern (or enum) refuses the value. Lone surrogates are
      // the exception: OpenAPI tools' regular expressions cannot name them (text-schemas.ts).
      const pattern = field.schema['pattern'] as string | undefined;
      if (pattern && !/[\ud800-\udfff]/.test(character)) {
        expect(new RegExp(pattern, 'u').test(`Ab${character}cd`)).toBe(false);
      }
    });
  });

  it('refuses a control character in a field name, naming it', () => {
    const errors = errorsOf(commandRoutes['cancel'].body, { reason: 'Because.', 'x\u0000': 1 });
    expect([...errors.keys()]).toContain('#/x\u0000');
  });

  describe.each([
    ['a tab', '\t'],
    ['a line feed', '\n'],
    ['a carriage return', '\r'],
  ])('with %s', (_what, character) => {
    it.each(cases.map((c) => [c.label, c] as const))('%s: accepted only in free text', (label, { schema, field }) => {
      const errors = errorsOf(schema, bodyWith(field.path, `Ab${character}cd`));
      const pattern = field.schema['pattern'] as string | undefined;
      const documented = pattern !== undefined && new RegExp(pattern, 'u').test(`Ab${character}cd`);
      if (FREE_TEXT.includes(label)) {
        expect(errors.has(pointerOf(field.path))).toBe(false);
        expect(documented).toBe(true);
      } else {
        expect(errors.has(pointerOf(field.path))).toBe(true);
        expect(documented).toBe(false);
      }
    });
  });

  it('says "single line" for a line break in a title, and still trims surrounding spaces', () => {
    expect(errorsOf(startCycleBody, { title: 'EU-Cambodia\nDialogue' }).get('#/title')).toBe(SINGLE_LINE_DETAIL);
    expect(text({ max: 20 }).parse('  EU-Cambodia  ')).toBe('EU-Cambodia');
    expect(text({ max: 40, freeText: true }).parse('\n Line one\nLine two \n')).toBe('Line one\nLine two');
  });

  it('accepts any other character, astral ones included', () => {
    expect(text({ max: 50 }).parse('Dialogue UE–Việt Nam 🇪🇺 «droits»')).toBe('Dialogue UE–Việt Nam 🇪🇺 «droits»');
  });

  it('counts the minimum without spaces, as the documented pattern does', () => {
    const reason = text({ max: 500, min: 10 });
    for (const value of ['a         ', '   abc   ', '\u00a0'.repeat(20)]) {
      expect(reason.safeParse(value).success).toBe(false);
      expect(new RegExp(openApiSchema(reason)['pattern'] as string, 'u').test(value)).toBe(false);
    }
    expect(reason.parse('  Needed for the follow-up  ')).toBe('Needed for the follow-up');
  });
});

describe('every query parameter', () => {
  const parameters = Object.entries(QUERIES).flatMap(([name, schema]) =>
    Object.keys(schema.shape).map((parameter) => [`${name}.${parameter}`, schema, parameter] as const),
  );

  it('finds the parameters', () => {
    expect(parameters.length).toBeGreaterThan(25);
  });

  it.each(
    parameters.flatMap(([label, schema, parameter]) =>
      [...NEVER_ACCEPTED, ['a tab', '\t'] as [string, string], ['a line feed', '\n'] as [string, string]].map(
        ([what, character]) => [label, what, schema, parameter, character] as const,
      ),
    ),
  )('%s refuses %s with 400 naming it', (_label, _what, schema, parameter, character) => {
    expect(() => parseParams(schema, { [parameter]: `KH${character}` })).toThrow(
      expect.objectContaining({ errors: [{ parameter, detail: PARAMETER_CONTROL_DETAIL }] }),
    );
  });

  it('documents every parameter with a non-empty schema that refuses a control character', () => {
    for (const schema of Object.values(QUERIES)) {
      const properties = (openApiSchema(schema)['properties'] ?? {}) as Record<string, JsonSchema>;
      for (const [name, property] of Object.entries(properties)) {
        expect([name, Object.keys(property).filter((k) => k !== 'description')]).not.toEqual([name, []]);
        if (property['type'] === 'string' && property['pattern']) {
          expect([name, new RegExp(property['pattern'] as string, 'u').test('I\u0000')]).toEqual([name, false]);
        }
      }
    }
  });

  it('refuses an empty list filter (leave the parameter out for "no filter")', () => {
    for (const parameter of ['country', 'status', 'theme', 'convention', 'cycleId']) {
      expect(() => parseParams(actionPointListQuerySchema, { [parameter]: '' })).toThrow(InvalidQueryProblem);
    }
  });

  it('takes partner codes in either case and reads them in capitals', () => {
    expect(parseParams(cycleListQuerySchema, { country: 'kh,Asean' }).country).toEqual(['KH', 'ASEAN']);
    expect(() => parseParams(cycleListQuerySchema, { country: 'KH, VN' })).toThrow(InvalidQueryProblem);
  });
});

describe('every path parameter', () => {
  it.each(Object.keys(PATH_PARAMETERS).flatMap((name) => NEVER_ACCEPTED.map(([what, c]) => [name, what, c] as const)))(
    '%s refuses %s with 400 naming it',
    (name, _what, character) => {
      let caught: unknown;
      try {
        parsePathParameter(name, `case-${character}`);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidQueryProblem);
      expect((caught as InvalidQueryProblem).errors).toEqual([{ parameter: name, detail: PARAMETER_CONTROL_DETAIL }]);
    },
  );

  it('answers 404, not 400, to a case reference that cannot name a case (it is not found)', () => {
    expect(() => parsePathParameter('caseRef', 'not-a-case')).toThrow(ProblemDetailsException);
    expect(() => parsePathParameter('caseRef', 'not-a-case')).not.toThrow(InvalidQueryProblem);
  });

  it('refuses an unregistered name loudly (a new route must register its parameter)', () => {
    expect(() => parsePathParameter('colour', 'red')).toThrow(/PATH_PARAMETERS/);
  });
});

describe('the patterns transcribe the domain', () => {
  it('LOCAL_DATE_PATTERN accepts exactly what isLocalDate accepts', () => {
    const samples: string[] = [];
    for (const year of [1899, 1900, 1904, 1999, 2000, 2024, 2100, 2104, 2196, 2199, 2200]) {
      for (let month = 0; month <= 13; month++) {
        for (const day of [0, 1, 28, 29, 30, 31, 32]) {
          samples.push(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
        }
      }
    }
    samples.push('2026-1-01', '2026-01-1', '02026-01-01', '2026-01-01 ', '');
    for (const sample of samples)
      expect([sample, LOCAL_DATE_PATTERN.test(sample)]).toEqual([sample, isLocalDate(sample)]);
  });

  it('INSTANT_PATTERN takes RFC 3339 instants with their offset', () => {
    expect(INSTANT_PATTERN.test('2026-03-01T12:00:00Z')).toBe(true);
    expect(INSTANT_PATTERN.test('2026-03-01T12:00:00.123+01:00')).toBe(true);
    expect(INSTANT_PATTERN.test('2026-03-01T12:00Z')).toBe(false);
    expect(INSTANT_PATTERN.test('2026-03-01T12:00:00')).toBe(false);
    expect(INSTANT_PATTERN.test('2026-02-30T12:00:00Z')).toBe(false);
  });

  it('lists the time zones of the demo data and the current IANA names', () => {
    expect(timeZones()).toEqual(
      expect.arrayContaining([
        'Asia/Phnom_Penh',
        'Asia/Ho_Chi_Minh',
        'Asia/Colombo',
        'Asia/Dhaka',
        'UTC',
        'Asia/Kolkata',
      ]),
    );
    expect(timeZones()).not.toContain('Mars/Olympus');
  });
});
