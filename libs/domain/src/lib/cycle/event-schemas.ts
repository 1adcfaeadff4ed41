import { z } from 'zod';
import { CYCLE_ID_PATTERN } from '../cycle-id';
import { cycleTypes } from './cycle-types';
import { isInstant, isLocalDate } from './dates';
import { ASSESSMENTS, CASE_REF, OWNERS, PRIORITIES, UN_MECHANISMS } from './decide/checks';
import { GSP_STAGE_ORDER } from './decide/gsp';
import { LOCAL_TIME } from './reminders';

/**
 * The domain events, defined once: each event's schema, from which its TypeScript type is
 * inferred (events.ts) and against which every reader of the internal log checks a message
 * (@suivi/contracts' cycle log). Past tense, each with its cycle-scoped sequence number, the
 * instant taken from the command's metadata, the actor and the command id. Shapes only: the
 * business rules were checked by `decide` before the event existed.
 *
 * Not exported from the domain's index, so that workflow code (which needs only the types)
 * does not load them: import it from '@suivi/domain/event-schemas'.
 */

const localDate = z.string().refine(isLocalDate, 'expected a calendar date "YYYY-MM-DD"');
const instant = z.string().refine(isInstant, 'expected an ISO 8601 instant with its offset');
const id = z.string().min(1);
const caseRef = z.string().regex(CASE_REF);
const ids = z.array(id);

const actor = z.object({
  userId: id,
  role: z.enum(['DESK_OFFICER', 'DELEGATION', 'REVIEWER', 'AUDITOR', 'SYSTEM']),
});
const recipientRole = z.enum(['DESK_OFFICER', 'DELEGATION', 'REVIEWER']);
const reminderStep = z.object({ offset: z.string().min(1), recipientRole });
const reminderPolicy = z.object({
  beforeDeadline: z.array(reminderStep),
  onDeadline: z.object({ recipientRole }).nullable(),
  escalations: z.array(reminderStep),
  localTime: z.string().regex(LOCAL_TIME, 'expected "HH:mm" (or "HH:mm:ss")'),
});
const unReference = z.object({
  mechanism: z.enum(UN_MECHANISMS),
  text: z.string(),
  documentSymbol: z.string().optional(),
  paragraph: z.string().optional(),
});
const terms = z.object({
  text: z.string(),
  owner: z.enum(OWNERS),
  deadline: localDate,
  priority: z.enum(PRIORITIES),
  themes: ids,
  conventions: ids,
  unReferences: z.array(unReference),
});
const assessment = z.enum(ASSESSMENTS);
const gspStage = z.enum(GSP_STAGE_ORDER);
const withdrawalMilestones = z.object({
  initiatedOn: localDate,
  monitoringEndsOn: localDate,
  commissionReportDueOn: localDate,
  decisionDueOn: localDate,
  withdrawalTakesEffectOn: localDate,
});

/** The envelope every event has: its cycle-scoped sequence (1, 2, ...), the command's instant, actor and id. */
const event = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({
    type: z.literal(type),
    cycleId: z.string().regex(CYCLE_ID_PATTERN, 'expected a cycle id'),
    sequence: z.number().int().min(1),
    occurredAt: instant,
    actor,
    commandId: id,
    data,
  });

export const cycleEventSchemas = {
  CycleStarted: event(
    'CycleStarted',
    z.object({
      cycleType: z.enum(cycleTypes),
      country: z.string().min(1),
      title: z.string(),
      timeZone: z.string().min(1),
      reminderPolicy,
    }),
  ),
  RoundScheduled: event('RoundScheduled', z.object({ roundId: id, date: localDate, title: z.string().optional() })),
  RoundHeld: event('RoundHeld', z.object({ roundId: id, heldOn: localDate })),
  ActionPointProposed: event('ActionPointProposed', z.object({ actionPointId: id, roundId: id, terms })),
  ActionPointAgreed: event('ActionPointAgreed', z.object({ actionPointId: id })),
  ActionPointAmended: event(
    'ActionPointAmended',
    z.object({ actionPointId: id, changes: terms.partial(), reason: z.string() }),
  ),
  ActionPointWithdrawn: event('ActionPointWithdrawn', z.object({ actionPointId: id, reason: z.string() })),
  ProgressReported: event(
    'ProgressReported',
    z.object({
      actionPointId: id,
      reportId: id,
      text: z.string(),
      evidenceLinks: z.array(z.string()),
      reportedOn: localDate,
    }),
  ),
  ActionPointAssessed: event(
    'ActionPointAssessed',
    z.object({ actionPointId: id, assessment, comment: z.string().optional() }),
  ),
  ActionPointCarriedOver: event(
    'ActionPointCarriedOver',
    z.object({ actionPointId: id, fromRoundId: id, toRoundId: id, roundsCarried: z.number().int().min(0) }),
  ),
  RoundClosed: event('RoundClosed', z.object({ roundId: id, carriedOver: ids, nextRoundId: id.optional() })),
  CycleClosed: event('CycleClosed', z.object({ reason: z.string().optional() })),
  CycleCancelled: event('CycleCancelled', z.object({ reason: z.string() })),
  GspStageRecorded: event(
    'GspStageRecorded',
    z.object({ stage: gspStage, on: localDate, repliesDueOn: localDate.optional() }),
  ),
  WithdrawalInitiated: event('WithdrawalInitiated', z.object({ milestones: withdrawalMilestones })),
  WithdrawalDecisionRecorded: event(
    'WithdrawalDecisionRecorded',
    z.object({ decidedOn: localDate, withdrawn: z.boolean(), milestones: withdrawalMilestones }),
  ),
  ReminderSent: event(
    'ReminderSent',
    z.object({
      reminderKey: id,
      subject: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('ACTION_POINT'), actionPointId: id }),
        z.object({ kind: z.literal('GSP_REPLIES') }),
      ]),
      kind: z.enum(['BEFORE_DEADLINE', 'ON_DEADLINE', 'ESCALATION']),
      offset: z.string().min(1),
      recipientRole,
      deadline: localDate,
      dueAt: instant,
    }),
  ),
  IndividualCaseAttached: event('IndividualCaseAttached', z.object({ actionPointId: id, caseRef })),
  IndividualCaseErased: event('IndividualCaseErased', z.object({ actionPointId: id, caseRef })),
};
