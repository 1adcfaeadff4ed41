import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ProblemDetailsException } from '../common/problem-details';

// Control characters other than tab and line breaks: never legitimate in these texts.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `at most ${max} characters`)
    .refine((v) => !CONTROL.test(v), 'must not contain control characters');

/** What an individual case holds; only ever stored encrypted. */
export const caseContentSchema = z.strictObject({
  name: text(200),
  details: z
    .strictObject({
      situation: text(4000).optional(),
      location: text(1000).optional(),
      contacts: text(2000).optional(),
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
export const reasonSchema = z
  .string({ message: 'required: why you need this, 10 to 500 characters' })
  .trim()
  .min(10, 'at least 10 characters')
  .max(500, 'at most 500 characters')
  .refine((v) => !CONTROL.test(v), 'must not contain control characters');

export const REVEALS = ['details', 'name'] as const;
export type Reveal = (typeof REVEALS)[number];

export const readQuerySchema = z.strictObject({
  reveal: z.enum(REVEALS, { message: 'expected details or name' }).optional(),
  reason: z.string().optional(),
});

/** User ids as the identity provider issues them (the token's `sub`). */
export const grantBodySchema = z.strictObject({
  userId: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'at most 200 characters')
    .refine((v) => !CONTROL.test(v), 'must not contain control characters'),
  /** Why this person needs to know: in the grant audit auditors read. */
  reason: reasonSchema,
});
