import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ProblemDetailsException } from '../common/problem-details';
import { text } from '../common/text-schemas';

// Texts come from ../common/text-schemas: no control characters anywhere, tab and line
// breaks only in the details (free text); the name, the reason and user ids are single lines.
const details = (max: number) => text({ max, freeText: true });

/** What an individual case holds; only ever stored encrypted. */
export const caseContentSchema = z.strictObject({
  name: text({ max: 200 }),
  details: z
    .strictObject({
      situation: details(4000).optional(),
      location: details(1000).optional(),
      contacts: details(2000).optional(),
    })
    .default({}),
});
export type CaseContent = z.infer<typeof caseContentSchema>;

export const CASE_REF_PATTERN = /^case-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const newCaseRef = (): string => `case-${randomUUID()}`;

/** A case reference from a path; anything else cannot name a case, so it is not found. */
export function caseRefOf(value: string): string {
  if (!CASE_REF_PATTERN.test(value)) {
    throw new ProblemDetailsException(404, 'There is no such individual case.', { code: 'CASE_NOT_FOUND' });
  }
  return value;
}

/** Why someone reads a case: recorded in the read audit, so it must say something. */
export const reasonSchema = text({
  max: 500,
  min: 10,
  required: 'required: why you need this, 10 to 500 characters',
}).meta({ description: 'Why you need this (10 to 500 characters), kept in the audit; must not name the person.' });

export const REVEALS = ['details', 'name'] as const;
export type Reveal = (typeof REVEALS)[number];

export const readQuerySchema = z.strictObject({
  reveal: z
    .enum(REVEALS, { message: 'expected details or name' })
    .optional()
    .meta({ description: 'What to reveal: the name, or the name and details (audited); redacted without it' }),
  reason: reasonSchema
    .optional()
    .meta({ description: 'Why you need this (10 to 500 characters); required with reveal' }),
});

/** The erasure's query: why (kept with the erasure record). */
export const reasonQuerySchema = z.strictObject({ reason: reasonSchema });

/** User ids as the identity provider issues them (the token's `sub`). */
export const grantBodySchema = z.strictObject({
  userId: text({ max: 200 }),
  /** Why this person needs to know: in the grant audit auditors read. */
  reason: reasonSchema,
});
