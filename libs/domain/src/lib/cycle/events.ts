import type { ActionPointTerms } from './commands';
import type {
  Actor,
  Assessment,
  CycleType,
  GspStage,
  Instant,
  LocalDate,
  RecipientRole,
  ReminderPolicy,
  WithdrawalMilestones,
} from './cycle-types';

/**
 * Domain events: past tense, each with its cycle-scoped sequence number (1, 2, ...),
 * the instant taken from the command's metadata, the actor, and the command id.
 */
interface EventEnvelope<T extends string, D> {
  type: T;
  cycleId: string;
  sequence: number;
  occurredAt: Instant;
  actor: Actor;
  commandId: string;
  data: D;
}

export type ReminderKind = 'BEFORE_DEADLINE' | 'ON_DEADLINE' | 'ESCALATION';

export type CycleEvent =
  | EventEnvelope<
      'CycleStarted',
      { cycleType: CycleType; country: string; title: string; timeZone: string; reminderPolicy: ReminderPolicy }
    >
  | EventEnvelope<'RoundScheduled', { roundId: string; date: LocalDate; title?: string }>
  | EventEnvelope<'RoundHeld', { roundId: string; heldOn: LocalDate }>
  | EventEnvelope<'ActionPointProposed', { actionPointId: string; roundId: string; terms: ActionPointTerms }>
  | EventEnvelope<'ActionPointAgreed', { actionPointId: string }>
  | EventEnvelope<'ActionPointAmended', { actionPointId: string; changes: Partial<ActionPointTerms>; reason: string }>
  | EventEnvelope<'ActionPointWithdrawn', { actionPointId: string; reason: string }>
  | EventEnvelope<
      'ProgressReported',
      { actionPointId: string; reportId: string; text: string; evidenceLinks: string[]; reportedOn: LocalDate }
    >
  | EventEnvelope<'ActionPointAssessed', { actionPointId: string; assessment: Assessment; comment?: string }>
  | EventEnvelope<
      'ActionPointCarriedOver',
      { actionPointId: string; fromRoundId: string; toRoundId: string; roundsCarried: number }
    >
  | EventEnvelope<'RoundClosed', { roundId: string; carriedOver: string[]; nextRoundId?: string }>
  | EventEnvelope<'CycleClosed', { reason?: string }>
  | EventEnvelope<'CycleCancelled', { reason: string }>
  | EventEnvelope<'GspStageRecorded', { stage: GspStage; on: LocalDate; repliesDueOn?: LocalDate }>
  | EventEnvelope<'WithdrawalInitiated', { milestones: WithdrawalMilestones }>
  | EventEnvelope<
      'WithdrawalDecisionRecorded',
      { decidedOn: LocalDate; withdrawn: boolean; milestones: WithdrawalMilestones }
    >
  | EventEnvelope<'IndividualCaseAttached', { actionPointId: string; caseRef: string }>
  | EventEnvelope<'IndividualCaseErased', { actionPointId: string; caseRef: string }>
  | EventEnvelope<
      'ReminderSent',
      {
        reminderKey: string;
        /** What the reminder is about: an action point, or the GSP+ replies due date. */
        subject: { kind: 'ACTION_POINT'; actionPointId: string } | { kind: 'GSP_REPLIES' };
        kind: ReminderKind;
        /** The step's ISO duration ("P30D"; "P0D" on the deadline). */
        offset: string;
        recipientRole: RecipientRole;
        deadline: LocalDate;
        dueAt: Instant;
      }
    >;

export type CycleEventType = CycleEvent['type'];
export type CycleEventOf<T extends CycleEventType> = Extract<CycleEvent, { type: T }>;
