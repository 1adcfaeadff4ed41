import { z } from 'zod';
import { CYCLE_ID_PATTERN } from '../cycle-id';
import {
  conventionIds,
  httpsLink,
  id,
  line,
  localDate,
  partnerCode,
  text,
  themeCodes,
  timeZone,
  unshared,
} from '../text-fields';
import { cycleTypes } from './cycle-types';
import { ASSESSMENTS, CASE_REF, OWNERS, PRIORITIES, UN_MECHANISMS } from './decide/checks';
import { GSP_STAGE_ORDER } from './decide/gsp';
import type { RejectionCode } from './decide/rejections';

/**
 * The cycle commands, defined once: each command's schema, from which its TypeScript type is
 * inferred (commands.ts), against which `decide` checks every command before its business rules
 * (parse-command.ts), and from which the API derives its request bodies and their OpenAPI
 * document. A field says here what it accepts and which rejection code refuses it; `decide`
 * keeps only what depends on the cycle's state.
 *
 * Counted before trimming: a length is what the client sent, as the document's maxLength says.
 *
 * Each schema is built on first use (`once`, `builtOnFirstUse`): the workflow sandbox evaluates the
 * domain again for every cycle it brings into memory, and building all of them there cost ~1.6 MB
 * and ~20 ms per cycle (bench:scale ran the worker out of memory); a cycle builds only the schemas
 * of the commands it receives.
 */

export const LIMITS = { id: 64, title: 200, text: 4000, reason: 2000, list: 20, url: 2048, unText: 500 } as const;

/** The priority of an action point recorded without one: most items of a dialogue's minutes are neither urgent nor minor. */
export const DEFAULT_PRIORITY = 'MEDIUM';

/** Which rejection code refuses a value of a field, registered on the field's schema. */
export const fieldRejections = z.registry<{ code: RejectionCode }>();

/** `build()` on the first call, the same value after. */
const once = <T>(build: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= build());
};

/** An object whose properties are built on first read (enumerable, like plain properties). */
function builtOnFirstUse<B extends Record<string, () => unknown>>(
  builders: B,
): { readonly [K in keyof B]: ReturnType<B[K]> } {
  const target = {} as { [K in keyof B]: ReturnType<B[K]> };
  for (const key of Object.keys(builders) as Array<keyof B>) {
    const build = once(builders[key] as () => ReturnType<B[typeof key]>);
    Object.defineProperty(target, key, { enumerable: true, get: build });
  }
  return target;
}

/** `schema`, refused with `code` when a command's value does not fit it. */
const refusedAs = <S extends z.ZodType>(code: RejectionCode, schema: S): S => {
  fieldRejections.add(schema, { code });
  return schema;
};

const anId = () => refusedAs('INVALID_ID', id());
const aDate = () => refusedAs('INVALID_DATE', localDate());
const aTitle = () => refusedAs('INVALID_TITLE', text({ max: LIMITS.title }));
const freeText = (max: number) => text({ max, freeText: true });
const aReason = () => refusedAs('REASON_REQUIRED', freeText(LIMITS.reason));
const caseRef = () =>
  refusedAs('INVALID_CASE_REF', z.string().regex(unshared(CASE_REF), 'expected "case-" followed by a lower-case UUID'));

const themes = once(() =>
  refusedAs(
    'NO_THEME',
    z
      .array(
        refusedAs(
          'UNKNOWN_THEME',
          z.enum(themeCodes as [string, ...string[]], {
            error: 'unknown theme code of the Action Plan taxonomy (e.g. "I.C")',
          }),
        ),
      )
      .min(1, 'at least one theme')
      .max(LIMITS.list)
      .overwrite(unique),
  ),
);
const conventions = once(() =>
  refusedAs(
    'UNKNOWN_CONVENTION',
    z
      .array(z.enum(conventionIds as [string, ...string[]], { error: 'unknown GSP+ convention id (e.g. "ICCPR")' }))
      .max(LIMITS.list)
      .overwrite(unique),
  ),
);
const unReferences = once(() =>
  refusedAs(
    'INVALID_UN_REFERENCE',
    z
      .array(
        z
          .object({
            mechanism: z.enum(UN_MECHANISMS),
            text: freeText(LIMITS.unText),
            documentSymbol: line(100).optional(),
            paragraph: line(50).optional(),
          })
          .strict(),
      )
      .max(LIMITS.list),
  ),
);

/** The terms of an action point: all of them when it is proposed, any of them when amended. */
const actionPointTerms = once(() => ({
  text: refusedAs('INVALID_TEXT', freeText(LIMITS.text)),
  owner: refusedAs('INVALID_OWNER', z.enum(OWNERS)),
  deadline: aDate(),
  priority: refusedAs('INVALID_PRIORITY', z.enum(PRIORITIES)),
  themes: themes(),
  conventions: conventions(),
  unReferences: unReferences(),
}));

// ---- reminder policies ----

/**
 * "HH:mm". Seconds ("HH:mm:ss") are accepted too, though a desk officer never needs them: tests on
 * real servers need a reminder due at a chosen second, not at the next minute
 * (test/integration/continue-as-new.int-spec.ts, and bench:reminders, which spreads its steady
 * load over the seconds of a minute). Being ISO 8601 local times, they cost nothing.
 */
export const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** A positive ISO 8601 duration in whole days, at most 3660 (ten years: beyond that an offset is a typo). */
export const OFFSET_PATTERN = /^P(?:[1-9]\d{0,2}|[12]\d{3}|3[0-5]\d{2}|36[0-5]\d|3660)D$/;
const recipientRole = once(() => z.enum(['DESK_OFFICER', 'DELEGATION', 'REVIEWER']));
const reminderSteps = once(() =>
  z
    .array(
      z
        .object({
          offset: z.string().regex(unshared(OFFSET_PATTERN), 'expected whole days from 1 to 3660, e.g. "P14D"'),
          recipientRole: recipientRole(),
        })
        .strict(),
    )
    .max(LIMITS.list),
);
// Repeated offsets are a rule of `decide` (reminder-policy.ts), not of the shape: the API's
// document cannot say "unique by offset", so the API refuses them 422, as a rule, not 400.
/** Every key of a reminder policy; a cycle's override gives any of them (reminders.ts merges the defaults). */
export const reminderPolicySchema = once(() =>
  z
    .object({
      beforeDeadline: reminderSteps(),
      onDeadline: z.object({ recipientRole: recipientRole() }).strict().nullable(),
      escalations: reminderSteps(),
      // Seconds are accepted for tests that need a reminder due at a chosen second (reminder-policy.ts).
      localTime: z.string().regex(unshared(LOCAL_TIME), 'expected a time of day "HH:mm" from 00:00 to 23:59'),
    })
    .strict(),
);

// ---- the commands ----

const command = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...shape }).strict();

const roundToSchedule = () => ({
  roundId: anId()
    .optional()
    .describe('Leave it out and the cycle assigns the next free one (R1, R2, ...), returned in the answer.'),
  date: aDate(),
  title: aTitle().optional(),
});
const proposal = () => ({
  actionPointId: anId()
    .optional()
    .describe('Leave it out and the cycle assigns the next free one (AP1, AP2, ...), returned in the answer.'),
  roundId: anId(),
  ...actionPointTerms(),
  priority: actionPointTerms().priority.default(DEFAULT_PRIORITY).describe(`Defaults to ${DEFAULT_PRIORITY}.`),
  conventions: actionPointTerms().conventions.default([]),
  unReferences: actionPointTerms().unReferences.default([]),
});

const schemas = builtOnFirstUse({
  StartCycle: () =>
    command('StartCycle', {
      // The cycle id names its workflow and every published event: stricter than other ids.
      cycleId: refusedAs('INVALID_ID', z.string().regex(unshared(CYCLE_ID_PATTERN), '3-64 letters, digits, _ or -')),
      cycleType: refusedAs('UNKNOWN_CYCLE_TYPE', z.enum(cycleTypes)),
      /** ISO 3166-1 alpha-2, or a regional body code such as "AU". */
      country: refusedAs('INVALID_COUNTRY', partnerCode()),
      title: aTitle(),
      /** IANA time zone of the delegation, e.g. "Asia/Phnom_Penh". */
      timeZone: refusedAs('INVALID_TIME_ZONE', timeZone()),
      /** Overrides the cycle type's default policy, wholly or in part. */
      reminderPolicy: refusedAs('INVALID_REMINDER_POLICY', reminderPolicySchema().partial()).optional(),
    }),
  ScheduleRound: () => command('ScheduleRound', roundToSchedule()),
  RecordRoundHeld: () => command('RecordRoundHeld', { roundId: anId(), heldOn: aDate() }),
  ProposeActionPoint: () => command('ProposeActionPoint', proposal()),
  /** An action point agreed at the meeting: proposed and agreed in one command, both events at once. */
  RecordAgreedActionPoint: () => command('RecordAgreedActionPoint', proposal()),
  AgreeActionPoint: () => command('AgreeActionPoint', { actionPointId: anId() }),
  AmendActionPoint: () =>
    command('AmendActionPoint', {
      actionPointId: anId(),
      changes: refusedAs('NO_CHANGES', z.object(actionPointTerms()).partial().strict()),
      reason: aReason(),
    }),
  WithdrawActionPoint: () => command('WithdrawActionPoint', { actionPointId: anId(), reason: aReason() }),
  ReportProgress: () =>
    command('ReportProgress', {
      actionPointId: anId(),
      reportId: anId()
        .optional()
        .describe("Leave it out and the cycle assigns the action point's next free one (PR1, PR2, ...)."),
      text: refusedAs('INVALID_TEXT', freeText(LIMITS.text)),
      evidenceLinks: refusedAs('INVALID_EVIDENCE_LINK', z.array(httpsLink(LIMITS.url)).max(LIMITS.list)).default([]),
      reportedOn: aDate(),
    }),
  AssessActionPoint: () =>
    command('AssessActionPoint', {
      actionPointId: anId(),
      assessment: refusedAs('INVALID_ASSESSMENT', z.enum(ASSESSMENTS)),
      comment: refusedAs('INVALID_TEXT', freeText(LIMITS.reason)).optional(),
    }),
  /**
   * Open action points move to `nextRoundId` (a scheduled, not yet closed round), or to
   * `nextRound`, scheduled by the same command (its id assigned when absent).
   */
  CloseRound: () =>
    command('CloseRound', {
      roundId: anId(),
      nextRoundId: anId().optional().describe('A round already scheduled, which the open action points move to.'),
      nextRound: refusedAs('INVALID_NEXT_ROUND', z.object(roundToSchedule()).strict())
        .optional()
        .describe('Schedules the next round with this command (instead of nextRoundId); its id is returned.'),
    }),
  CloseCycle: () => command('CloseCycle', { reason: freeText(LIMITS.reason).optional() }),
  CancelCycle: () => command('CancelCycle', { reason: aReason() }),
  /** GSP+ / EBA cycles only. `repliesDueOn` goes with LIST_OF_ISSUES_SENT. */
  RecordGspStage: () =>
    command('RecordGspStage', {
      stage: refusedAs('UNKNOWN_GSP_STAGE', z.enum(GSP_STAGE_ORDER)),
      on: aDate(),
      repliesDueOn: aDate().optional(),
    }),
  /** GSP_WITHDRAWAL_PROCEDURE cycles only. */
  InitiateWithdrawal: () => command('InitiateWithdrawal', { initiatedOn: aDate() }),
  RecordWithdrawalDecision: () =>
    command('RecordWithdrawalDecision', {
      decidedOn: aDate(),
      withdrawn: refusedAs('INVALID_DECISION', z.boolean()),
    }),
  /**
   * Links an action point to a case of the need-to-know store by its opaque reference
   * ("case-" + UUID). Who the case is about never reaches the cycle.
   */
  AttachIndividualCase: () => command('AttachIndividualCase', { actionPointId: anId(), caseRef: caseRef() }),
  /** Records that the case's key was destroyed; accepted on closed and cancelled cycles too. */
  EraseIndividualCase: () => command('EraseIndividualCase', { actionPointId: anId(), caseRef: caseRef() }),
  /** Issued by the cycle workflow's timer, never by a person. */
  SendReminder: () => command('SendReminder', { reminderKey: z.string() }),
});

/**
 * The commands' schemas, each built on first read. Reached through a function, not exported as an
 * object: the worker freezes whatever a shared module's exports reach (workflows/src/shared-modules.ts),
 * and zod writes to a check's pattern while parsing.
 */
export const cycleCommandSchemas = (): CycleCommandSchemas => schemas;
export type CycleCommandSchemas = typeof schemas;

function unique<T>(values: readonly T[]): T[] {
  return values.filter((value, i) => values.indexOf(value) === i);
}
