import type { DeadLetterReason } from '@suivi/contracts';
import { CYCLE_ID_PATTERN, type CycleEvent, type CycleEventType } from '@suivi/domain';
import { z } from 'zod';
import { isInstantQuick, isLocalDateQuick } from './calendar-checks';

/**
 * Reads one message of the cycle log: key = cycle id, value = JSON `{ id, ...CycleEvent }`.
 * Checks the shape of the event, not business rules (decide checked those before the event
 * existed): a message that fails here can never be applied, so it goes to the dead letters.
 */

/** The dead-letter reasons shared by Suivi's consumers (@suivi/contracts), less PROCESSING_FAILED. */
export type PoisonReason = Exclude<DeadLetterReason, 'PROCESSING_FAILED'>;

export type DecodedMessage =
  | { ok: true; event: CycleEvent; eventId: string }
  | { ok: false; reason: PoisonReason; detail: string };

export interface CycleLogMessage {
  key: Buffer | null;
  value: Buffer | null;
}

const localDate = z.string().refine(isLocalDateQuick, 'expected a calendar date "YYYY-MM-DD"');
const instant = z.string().refine(isInstantQuick, 'expected an ISO 8601 instant with its offset');
const id = z.string().min(1);
const caseRef = z.string().regex(/^case-[0-9a-f-]{36}$/);
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
  localTime: z.string().regex(/^\d{2}:\d{2}$/, 'expected "HH:mm"'),
});
const unReference = z.object({
  mechanism: z.enum(['UPR', 'TREATY_BODY', 'SPECIAL_PROCEDURE']),
  text: z.string(),
  documentSymbol: z.string().optional(),
  paragraph: z.string().optional(),
});
const terms = z.object({
  text: z.string(),
  owner: z.enum(['PARTNER', 'EU', 'JOINT']),
  deadline: localDate,
  priority: z.enum(['HIGH', 'MEDIUM', 'LOW']),
  themes: ids,
  conventions: ids,
  unReferences: z.array(unReference),
});
const assessment = z.enum(['COMPLETED', 'PARTIALLY_COMPLETED', 'NOT_COMPLETED']);
const gspStage = z.enum([
  'LIST_OF_ISSUES_SENT',
  'REPLIES_RECEIVED',
  'MONITORING_MISSION_HELD',
  'ASSESSMENT_COMPLETED',
  'REPORT_PUBLISHED',
]);
const withdrawalMilestones = z.object({
  initiatedOn: localDate,
  monitoringEndsOn: localDate,
  commissionReportDueOn: localDate,
  decisionDueOn: localDate,
  withdrawalTakesEffectOn: localDate,
});

const event = <T extends CycleEventType, D extends z.ZodType>(type: T, data: D) =>
  z.object({
    id: id,
    type: z.literal(type),
    cycleId: z.string().regex(CYCLE_ID_PATTERN, 'expected a cycle id'),
    sequence: z.number().int().min(1),
    occurredAt: instant,
    actor,
    commandId: id,
    data,
  });

const eventSchemas = {
  CycleStarted: event(
    'CycleStarted',
    z.object({
      cycleType: z.enum([
        'HUMAN_RIGHTS_DIALOGUE',
        'POLITICAL_DIALOGUE',
        'GSP_PLUS_MONITORING',
        'EBA_ENHANCED_ENGAGEMENT',
        'GSP_WITHDRAWAL_PROCEDURE',
        'ELECTION_OBSERVATION_FOLLOW_UP',
      ]),
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
} satisfies { [T in CycleEventType]: z.ZodType };

/** Every domain event type, checked at compile time against the domain's union. */
export const knownEventTypes = Object.keys(eventSchemas) as CycleEventType[];

// A parsed event must be a CycleEvent: this stops compiling when the schemas drift from the domain.
type IsCycleEvent<T extends CycleEvent> = T;
type ParsedEvent = IsCycleEvent<z.infer<(typeof eventSchemas)[CycleEventType]>>;

const DETAIL_LIMIT = 500;

export function decodeCycleLogMessage(message: CycleLogMessage): DecodedMessage {
  if (message.value === null || message.value.length === 0) {
    return { ok: false, reason: 'NOT_JSON', detail: 'the message has no value' };
  }
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString('utf8'));
  } catch {
    // Not the parser's message: it quotes the input, which could be personal data.
    return { ok: false, reason: 'NOT_JSON', detail: 'the value is not JSON' };
  }
  const type = (json as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !(type in eventSchemas)) {
    return {
      ok: false,
      reason: 'UNKNOWN_EVENT_TYPE',
      detail: typeof type === 'string' ? `unknown event type "${truncate(type, 80)}"` : 'the message has no event type',
    };
  }
  const parsed = eventSchemas[type as CycleEventType].safeParse(json);
  if (!parsed.success) {
    // Field paths and rules only, never values: they could carry personal data.
    const issues = parsed.error.issues;
    return {
      ok: false,
      reason: issues.some((issue) => issue.path[0] !== 'data') ? 'INVALID_ENVELOPE' : 'INVALID_DATA',
      detail: truncate(
        issues
          .map(
            (issue) => `${issue.path.join('.') || '(root)'}: ${issue.code === 'custom' ? issue.message : issue.code}`,
          )
          .join('; '),
      ),
    };
  }
  const { id: eventId, ...fields } = parsed.data as ParsedEvent;
  const cycleEvent = fields as CycleEvent;
  if (eventId !== `${cycleEvent.cycleId}:${cycleEvent.sequence}`) {
    return { ok: false, reason: 'INCONSISTENT_ENVELOPE', detail: 'id: expected "<cycleId>:<sequence>"' };
  }
  // The key decides the partition, and order holds only within a partition.
  const key = message.key?.toString('utf8');
  if (key !== cycleEvent.cycleId) {
    return { ok: false, reason: 'INCONSISTENT_ENVELOPE', detail: 'key: expected the cycle id' };
  }
  return { ok: true, event: cycleEvent, eventId };
}

function truncate(text: string, limit = DETAIL_LIMIT): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
