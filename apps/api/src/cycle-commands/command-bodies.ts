import { IANAZone } from 'luxon';
import { z } from 'zod';
import { cycleTypes, isConventionId, isRegionalBodyCode, isThemeCode, isLocalDate } from '@suivi/domain';

/**
 * Request bodies of the command endpoints, validated at the edge: unknown fields are refused,
 * types, formats and codes checked, sizes bounded. The domain's `decide` checks the rest (what
 * depends on the cycle's state) and answers 409/422 in the desk officer's words.
 */

export const LIMITS = { id: 64, title: 200, text: 4000, reason: 2000, list: 20, url: 2048, unText: 500 } as const;

const id = z
  .string()
  .max(LIMITS.id)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only, starting with a letter or digit');
const localDate = z.string().refine(isLocalDate, 'expected an existing calendar date, YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const themeCode = z.string().refine(isThemeCode, 'unknown theme code of the Action Plan taxonomy (e.g. "I.C")');
const conventionId = z.string().refine(isConventionId, 'unknown GSP+ convention id (e.g. "ICCPR")');
const unReference = z
  .object({
    mechanism: z.enum(['UPR', 'TREATY_BODY', 'SPECIAL_PROCEDURE']),
    text: text(LIMITS.unText),
    documentSymbol: z.string().max(100).optional(),
    paragraph: z.string().max(50).optional(),
  })
  .strict();
const owner = z.enum(['PARTNER', 'EU', 'JOINT']);
const priority = z.enum(['HIGH', 'MEDIUM', 'LOW']);
const recipientRole = z.enum(['DESK_OFFICER', 'DELEGATION', 'REVIEWER']);
const reminderStep = z.object({ offset: z.string().max(32), recipientRole }).strict();

export const startCycleBody = z
  .object({
    cycleId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/, '3-64 letters, digits, _ or -')
      .optional(),
    type: z.enum(cycleTypes),
    country: z
      .string()
      .refine(
        (c) => /^[A-Z]{2}$/.test(c) || isRegionalBodyCode(c),
        'expected an ISO 3166-1 alpha-2 code (e.g. "KH") or a regional body code (e.g. "AU")',
      ),
    title: text(LIMITS.title),
    timeZone: z
      .string()
      .refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone, e.g. "Asia/Phnom_Penh"'),
    reminderPolicy: z
      .object({
        beforeDeadline: z.array(reminderStep).max(LIMITS.list).optional(),
        onDeadline: z.object({ recipientRole }).strict().nullable().optional(),
        escalations: z.array(reminderStep).max(LIMITS.list).optional(),
        localTime: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm')
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const actionPointTerms = {
  text: text(LIMITS.text),
  owner,
  deadline: localDate,
  priority,
  themes: z.array(themeCode).min(1, 'at least one theme').max(LIMITS.list),
  conventions: z.array(conventionId).max(LIMITS.list),
  unReferences: z.array(unReference).max(LIMITS.list),
};

/** The priority of an action point recorded without one: most items of a dialogue's minutes are neither urgent nor minor. */
export const DEFAULT_PRIORITY = 'MEDIUM';

export const proposeActionPointBody = z
  .object({
    actionPointId: id()
      .optional()
      .describe('Leave it out and the cycle assigns the next free one (AP1, AP2, ...), returned in the answer.'),
    roundId: id(),
    ...actionPointTerms,
    priority: priority.default(DEFAULT_PRIORITY).describe(`Defaults to ${DEFAULT_PRIORITY}.`),
    conventions: actionPointTerms.conventions.default([]),
    unReferences: actionPointTerms.unReferences.default([]),
    agreed: z
      .boolean()
      .default(false)
      .describe('true: agreed at the meeting, recorded as proposed and agreed by this one command.'),
  })
  .strict();
export const amendActionPointBody = z
  .object({
    changes: z.object(actionPointTerms).partial().strict(),
    reason: text(LIMITS.reason),
  })
  .strict();
export const emptyBody = z.object({}).strict();
export const reasonBody = z.object({ reason: text(LIMITS.reason) }).strict();
export const optionalReasonBody = z.object({ reason: text(LIMITS.reason).optional() }).strict();
const roundToSchedule = {
  roundId: id()
    .optional()
    .describe('Leave it out and the cycle assigns the next free one (R1, R2, ...), returned in the answer.'),
  date: localDate(),
  title: title().optional(),
};
export const scheduleRoundBody = z.object(roundToSchedule).strict();
export const roundHeldBody = z.object({ heldOn: localDate }).strict();
export const closeRoundBody = z
  .object({
    nextRoundId: id().optional().describe('A round already scheduled, which the open action points move to.'),
    nextRound: z
      .object(roundToSchedule)
      .strict()
      .optional()
      .describe('Schedules the next round with this command (instead of nextRoundId); its id is returned.'),
  })
  .strict();
export const progressReportBody = z
  .object({
    reportId: id.optional(),
    text: text(LIMITS.text),
    evidenceLinks: z
      .array(
        z
          .string()
          .max(LIMITS.url)
          .regex(/^https:\/\/[^\s]+$/, 'expected an https:// link'),
      )
      .max(LIMITS.list)
      .default([]),
    reportedOn: localDate,
  })
  .strict();
export const assessmentBody = z
  .object({
    assessment: z.enum(['COMPLETED', 'PARTIALLY_COMPLETED', 'NOT_COMPLETED']),
    comment: text(LIMITS.reason).optional(),
  })
  .strict();
export const gspStageBody = z
  .object({
    stage: z.enum([
      'LIST_OF_ISSUES_SENT',
      'REPLIES_RECEIVED',
      'MONITORING_MISSION_HELD',
      'ASSESSMENT_COMPLETED',
      'REPORT_PUBLISHED',
    ]),
    on: localDate,
    repliesDueOn: localDate.optional(),
  })
  .strict();
export const withdrawalProcedureBody = z.object({ initiatedOn: localDate }).strict();
export const withdrawalDecisionBody = z.object({ decidedOn: localDate, withdrawn: z.boolean() }).strict();
