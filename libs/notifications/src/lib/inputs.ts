import {
  AssessmentCodeSchema,
  CaseRefSchema,
  CountrySchema,
  CycleIdSchema,
  CycleTypeCodeSchema,
  DayOffsetSchema,
  EVENT_ID_PATTERN,
  IdSchema,
  LocalDateSchema,
  OwnerSchema,
  RecipientRoleCodeSchema,
  ReminderKindCodeSchema,
  ThemeCodeSchema,
} from '@suivi/contracts';
import { hasControlCharacters, type ActionPointStatus } from '@suivi/domain';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { DIGEST_SECTIONS, LANGUAGES, type NotificationInputs, type NotificationKind, type Recipient } from './types';

/**
 * The run-time guard behind types.ts: every string must be an id, a code or a date of the
 * published contracts' shapes (no spaces, so no sentence and no "First Last" fits), and strict
 * objects refuse any field the types do not declare (a caller passing a whole read-model row
 * with its `text` or `title` is refused, not silently rendered).
 */

const STATUS_CODES = [
  'PROPOSED',
  'AGREED',
  'IN_PROGRESS',
  'COMPLETED',
  'PARTIALLY_COMPLETED',
  'NOT_COMPLETED',
  'WITHDRAWN',
] as const;
// Stops compiling when the domain adds a status, until it is listed here.
const everyStatus: [Exclude<ActionPointStatus, (typeof STATUS_CODES)[number]>] extends [never] ? true : never = true;
void everyStatus;

const Count = z.int().min(0).max(100_000);
const Themes = z.array(ThemeCodeSchema).max(50);

const CycleRef = z.strictObject({ cycleId: CycleIdSchema, cycleType: CycleTypeCodeSchema, country: CountrySchema });

const ActionPointRef = z.strictObject({
  actionPointId: IdSchema,
  owner: OwnerSchema.optional(),
  themes: Themes.optional(),
  caseRef: CaseRefSchema.optional(),
});

const SourceEventId = z.string().regex(EVENT_ID_PATTERN);

const DigestItem = z.strictObject({
  actionPointId: IdSchema,
  owner: OwnerSchema,
  deadline: LocalDateSchema,
  status: z.enum(STATUS_CODES),
  themes: Themes,
  caseRef: CaseRefSchema.optional(),
  daysFromToday: z.int(),
});
const DigestSection = z.array(z.strictObject({ cycle: CycleRef, items: z.array(DigestItem).min(1) }));

const Digest = z.strictObject({
  userId: z.string(),
  localDate: LocalDateSchema,
  sections: z.strictObject(Object.fromEntries(DIGEST_SECTIONS.map((name) => [name, DigestSection]))),
  counts: z.strictObject(Object.fromEntries(DIGEST_SECTIONS.map((name) => [name, Count]))),
});

const Reminder = z.strictObject({
  sourceEventId: SourceEventId,
  cycle: CycleRef,
  reminderKind: ReminderKindCodeSchema,
  offset: DayOffsetSchema,
  deadline: LocalDateSchema,
  recipientRole: RecipientRoleCodeSchema,
  unassigned: z.boolean(),
  subject: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('ACTION_POINT'), actionPoint: ActionPointRef }),
    z.strictObject({ kind: z.literal('GSP_REPLIES') }),
  ]),
});

const ProgressReported = z.strictObject({
  sourceEventId: SourceEventId,
  cycle: CycleRef,
  actionPoint: ActionPointRef,
  reportId: IdSchema,
  reportedOn: LocalDateSchema,
  evidenceCount: Count,
});

const AssessmentRecorded = z.strictObject({
  sourceEventId: SourceEventId,
  cycle: CycleRef,
  actionPoint: ActionPointRef,
  assessment: AssessmentCodeSchema,
});

const RoundClosed = z.strictObject({
  sourceEventId: SourceEventId,
  cycle: CycleRef,
  roundId: IdSchema,
  nextRoundId: IdSchema.optional(),
  // Nothing carried over is nothing to tell the delegation (issue 17): no message.
  carriedOver: z
    .array(ActionPointRef.extend({ deadline: LocalDateSchema.optional(), roundsCarried: z.int().min(1).optional() }))
    .min(1)
    .max(10_000),
});

const Milestones = z.strictObject({
  initiatedOn: LocalDateSchema,
  monitoringEndsOn: LocalDateSchema,
  commissionReportDueOn: LocalDateSchema,
  decisionDueOn: LocalDateSchema,
  withdrawalTakesEffectOn: LocalDateSchema,
});
const WithdrawalMilestone = z.discriminatedUnion('milestone', [
  z.strictObject({
    sourceEventId: SourceEventId,
    cycle: CycleRef,
    milestones: Milestones,
    milestone: z.literal('INITIATED'),
  }),
  z.strictObject({
    sourceEventId: SourceEventId,
    cycle: CycleRef,
    milestones: Milestones,
    milestone: z.literal('DECIDED'),
    decidedOn: LocalDateSchema,
    withdrawn: z.boolean(),
  }),
]);

const inputSchemas: Record<NotificationKind, z.ZodType> = {
  digest: Digest,
  reminder: Reminder,
  'progress-reported': ProgressReported,
  'assessment-recorded': AssessmentRecorded,
  'round-closed': RoundClosed,
  'withdrawal-milestone': WithdrawalMilestone,
};

const RecipientSchema = z.strictObject({
  // Never shown; a single line of reasonable length, as a token's `sub` is.
  userId: z
    .string()
    .min(1)
    .max(255)
    .refine((userId) => !hasControlCharacters(userId, false), 'must be a single line'),
  language: z.enum(LANGUAGES),
  timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone'),
});

/**
 * Refused input. The message names the fields at fault and why, never their values: a value
 * that is refused may be the very name that must not travel (into a log, say).
 */
export class NotificationInputError extends Error {
  constructor(
    readonly kind: NotificationKind | 'recipient',
    readonly problems: readonly string[],
  ) {
    super(`Refused ${kind} notification input: ${problems.join('; ')}`);
    this.name = 'NotificationInputError';
  }
}

function check<T>(schema: z.ZodType, value: unknown, kind: NotificationKind | 'recipient'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data as T;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`);
  throw new NotificationInputError(kind, problems);
}

/** The input, unchanged, if it has exactly the declared shape; a NotificationInputError otherwise. */
export function checkInput<K extends NotificationKind>(kind: K, input: unknown): NotificationInputs[K] {
  const schema = inputSchemas[kind];
  if (!schema) throw new NotificationInputError(kind, ['unknown kind of notification']);
  return check<NotificationInputs[K]>(schema, input, kind);
}

export function checkRecipient(recipient: unknown): Recipient {
  return check<Recipient>(RecipientSchema, recipient, 'recipient');
}
