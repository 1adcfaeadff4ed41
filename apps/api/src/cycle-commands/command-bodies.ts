import { z } from 'zod';
import { cycleTypes, CYCLE_ID_PATTERN } from '@suivi/domain';
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
} from '../common/text-schemas';

/**
 * Request bodies of the command endpoints, validated at the edge: unknown fields are refused,
 * types, formats and codes checked, sizes bounded. The domain's `decide` checks the rest (what
 * depends on the cycle's state) and answers 409/422 in the desk officer's words.
 *
 * Every string is built with ../common/text-schemas (text, line, id, localDate, codes): they
 * refuse control characters and are what the OpenAPI document shows. Tab and line breaks are
 * accepted only in free text (`freeText: true`).
 */

export const LIMITS = { id: 64, title: 200, text: 4000, reason: 2000, list: 20, url: 2048, unText: 500 } as const;

const title = () => text({ max: LIMITS.title });
const freeText = (max: number) => text({ max, freeText: true });
const themeCode = z.enum(themeCodes as [string, ...string[]], {
  error: 'unknown theme code of the Action Plan taxonomy (e.g. "I.C")',
});
const conventionId = z.enum(conventionIds as [string, ...string[]], {
  error: 'unknown GSP+ convention id (e.g. "ICCPR")',
});
const unReference = z
  .object({
    mechanism: z.enum(['UPR', 'TREATY_BODY', 'SPECIAL_PROCEDURE']),
    text: freeText(LIMITS.unText),
    documentSymbol: line(100).optional(),
    paragraph: line(50).optional(),
  })
  .strict();
/** A positive ISO 8601 duration in whole days, at most 3660 (the domain's reminder offsets). */
const OFFSET_PATTERN = /^P(?:[1-9]\d{0,2}|[12]\d{3}|3[0-5]\d{2}|36[0-5]\d|3660)D$/;
const owner = z.enum(['PARTNER', 'EU', 'JOINT']);
const priority = z.enum(['HIGH', 'MEDIUM', 'LOW']);
const recipientRole = z.enum(['DESK_OFFICER', 'DELEGATION', 'REVIEWER']);
const reminderStep = z
  .object({
    offset: z.string().regex(OFFSET_PATTERN, 'expected whole days from 1 to 3660, e.g. "P14D"'),
    recipientRole,
  })
  .strict();

export const startCycleBody = z
  .object({
    cycleId: z.string().regex(CYCLE_ID_PATTERN, '3-64 letters, digits, _ or -').optional(),
    type: z.enum(cycleTypes),
    country: partnerCode(),
    title: title(),
    timeZone: timeZone(),
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
  text: freeText(LIMITS.text),
  owner,
  deadline: localDate(),
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
    reason: freeText(LIMITS.reason),
  })
  .strict();
export const emptyBody = z.object({}).strict();
export const reasonBody = z.object({ reason: freeText(LIMITS.reason) }).strict();
export const optionalReasonBody = z.object({ reason: freeText(LIMITS.reason).optional() }).strict();
const roundToSchedule = {
  roundId: id()
    .optional()
    .describe('Leave it out and the cycle assigns the next free one (R1, R2, ...), returned in the answer.'),
  date: localDate(),
  title: title().optional(),
};
export const scheduleRoundBody = z.object(roundToSchedule).strict();
export const roundHeldBody = z.object({ heldOn: localDate() }).strict();
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
    reportId: id().optional(),
    text: freeText(LIMITS.text),
    evidenceLinks: z.array(httpsLink(LIMITS.url)).max(LIMITS.list).default([]),
    reportedOn: localDate(),
  })
  .strict();
export const assessmentBody = z
  .object({
    assessment: z.enum(['COMPLETED', 'PARTIALLY_COMPLETED', 'NOT_COMPLETED']),
    comment: freeText(LIMITS.reason).optional(),
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
    on: localDate(),
    repliesDueOn: localDate().optional(),
  })
  .strict();
export const withdrawalProcedureBody = z.object({ initiatedOn: localDate() }).strict();
export const withdrawalDecisionBody = z.object({ decidedOn: localDate(), withdrawn: z.boolean() }).strict();
