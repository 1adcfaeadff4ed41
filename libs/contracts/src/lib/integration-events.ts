import { z } from 'zod';
import {
  ActionPointTermNameSchema,
  CaseRefSchema,
  AssessmentCodeSchema,
  ConventionIdSchema,
  CountrySchema,
  CycleTypeCodeSchema,
  DayOffsetSchema,
  GspStageCodeSchema,
  IdSchema,
  InstantSchema,
  LocalDateSchema,
  LocalTimeSchema,
  OwnerSchema,
  PriorityCodeSchema,
  RecipientRoleCodeSchema,
  ReminderKeySchema,
  ReminderKindCodeSchema,
  ThemeCodeSchema,
  TimeZoneSchema,
  UnMechanismSchema,
} from './codes';

/**
 * Integration events: what Suivi publishes to other systems. They are a contract of their
 * own, separate from the domain events (which carry free text and change with the code):
 * each has a name and a version, and a payload of identifiers and codes only.
 *
 * A version, once published, never changes incompatibly (see compatibility.ts); a breaking
 * change is a new version defined beside the old one, which stays parseable.
 */

const ActionPointId = IdSchema.describe('Action point id, stable across rounds.');
const RoundId = IdSchema.describe('Round id.');

const ReminderStep = z.strictObject({
  offset: DayOffsetSchema.describe('Whole days before or after the deadline, ISO 8601 ("P14D").'),
  recipientRole: RecipientRoleCodeSchema,
});

export const CycleStartedV1 = z.strictObject({
  cycleType: CycleTypeCodeSchema,
  country: CountrySchema.describe('ISO 3166-1 alpha-2 partner country, or a regional body code.'),
  timeZone: TimeZoneSchema.describe('IANA time zone of the delegation: dates in this cycle are read in it.'),
  reminderPolicy: z
    .strictObject({
      beforeDeadline: z.array(ReminderStep),
      onDeadline: z.strictObject({ recipientRole: RecipientRoleCodeSchema }).nullable(),
      escalations: z.array(ReminderStep),
      localTime: LocalTimeSchema.describe('Local time of day "HH:mm" at which reminders fire.'),
    })
    .describe('The reminder policy in force for the cycle.'),
});

export const RoundScheduledV1 = z.strictObject({ roundId: RoundId, scheduledFor: LocalDateSchema });

export const RoundHeldV1 = z.strictObject({ roundId: RoundId, heldOn: LocalDateSchema });

/** Coded action point terms; the text and the UN references' free text stay inside Suivi. */
const unReferenceSummary = {
  unMechanisms: z
    .array(UnMechanismSchema)
    .describe('Kinds of UN mechanism whose recommendations the action point refers to, each once.'),
  unReferenceCount: z.int().min(0).describe('How many UN recommendation references the action point has.'),
};

export const ActionPointProposedV1 = z.strictObject({
  actionPointId: ActionPointId,
  roundId: RoundId,
  owner: OwnerSchema,
  deadline: LocalDateSchema,
  priority: PriorityCodeSchema,
  themes: z.array(ThemeCodeSchema).min(1).describe('EU Action Plan codes, e.g. "I.C".'),
  conventions: z.array(ConventionIdSchema).describe('GSP+ convention ids, e.g. "ICCPR".'),
  ...unReferenceSummary,
});

export const ActionPointAgreedV1 = z.strictObject({ actionPointId: ActionPointId });

export const ActionPointAmendedV1 = z.strictObject({
  actionPointId: ActionPointId,
  changedFields: z
    .array(ActionPointTermNameSchema)
    .min(1)
    .describe('Terms the amendment changed; the new values of coded terms follow, text never does.'),
  owner: OwnerSchema.optional(),
  deadline: LocalDateSchema.optional(),
  priority: PriorityCodeSchema.optional(),
  themes: z.array(ThemeCodeSchema).min(1).optional(),
  conventions: z.array(ConventionIdSchema).optional(),
  unMechanisms: unReferenceSummary.unMechanisms.optional(),
  unReferenceCount: unReferenceSummary.unReferenceCount.optional(),
});

export const ActionPointWithdrawnV1 = z.strictObject({ actionPointId: ActionPointId });

export const ActionPointProgressReportedV1 = z.strictObject({
  actionPointId: ActionPointId,
  reportId: IdSchema.describe('Progress report id.'),
  reportedOn: LocalDateSchema,
  evidenceCount: z.int().min(0).describe('How many evidence links the report has.'),
});

export const ActionPointAssessedV1 = z.strictObject({ actionPointId: ActionPointId, assessment: AssessmentCodeSchema });

export const ActionPointCarriedOverV1 = z.strictObject({
  actionPointId: ActionPointId,
  fromRoundId: RoundId,
  toRoundId: RoundId,
  roundsCarried: z.int().min(1).describe('How many times the action point has been carried over, this one included.'),
});

export const RoundClosedV1 = z.strictObject({
  roundId: RoundId,
  carriedOverActionPointIds: z.array(ActionPointId),
  nextRoundId: RoundId.optional(),
});

export const CycleClosedV1 = z.strictObject({});

export const CycleCancelledV1 = z.strictObject({});

export const GspStageRecordedV1 = z.strictObject({
  stage: GspStageCodeSchema,
  reachedOn: LocalDateSchema,
  repliesDueOn: LocalDateSchema.optional().describe(
    "The beneficiary's written replies are due (with LIST_OF_ISSUES_SENT).",
  ),
});

const WithdrawalMilestones = z.strictObject({
  initiatedOn: LocalDateSchema,
  monitoringEndsOn: LocalDateSchema,
  commissionReportDueOn: LocalDateSchema,
  decisionDueOn: LocalDateSchema,
  withdrawalTakesEffectOn: LocalDateSchema,
});

export const GspWithdrawalInitiatedV1 = z.strictObject({ milestones: WithdrawalMilestones });

export const GspWithdrawalDecidedV1 = z.strictObject({
  decidedOn: LocalDateSchema,
  withdrawn: z.boolean(),
  milestones: WithdrawalMilestones,
});

export const ReminderSentV1 = z.strictObject({
  reminderKey: ReminderKeySchema.describe('Unique per reminder: notification services drop duplicates by it.'),
  subject: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('ACTION_POINT'), actionPointId: ActionPointId }),
    z.strictObject({ kind: z.literal('GSP_REPLIES') }),
  ]),
  kind: ReminderKindCodeSchema,
  offset: DayOffsetSchema,
  recipientRole: RecipientRoleCodeSchema,
  deadline: LocalDateSchema,
  dueAt: InstantSchema,
});

const CaseRef = CaseRefSchema.describe(
  'Opaque reference of an individual case (a person at risk of reprisals); who it is about never leaves Suivi.',
);

export const IndividualCaseAttachedV1 = z.strictObject({ actionPointId: ActionPointId, caseRef: CaseRef });

export const IndividualCaseErasedV1 = z.strictObject({ actionPointId: ActionPointId, caseRef: CaseRef });

/** Data payload types, inferred from the schemas. */
export type CycleStartedV1 = z.output<typeof CycleStartedV1>;
export type RoundScheduledV1 = z.output<typeof RoundScheduledV1>;
export type RoundHeldV1 = z.output<typeof RoundHeldV1>;
export type ActionPointProposedV1 = z.output<typeof ActionPointProposedV1>;
export type ActionPointAgreedV1 = z.output<typeof ActionPointAgreedV1>;
export type ActionPointAmendedV1 = z.output<typeof ActionPointAmendedV1>;
export type ActionPointWithdrawnV1 = z.output<typeof ActionPointWithdrawnV1>;
export type ActionPointProgressReportedV1 = z.output<typeof ActionPointProgressReportedV1>;
export type ActionPointAssessedV1 = z.output<typeof ActionPointAssessedV1>;
export type ActionPointCarriedOverV1 = z.output<typeof ActionPointCarriedOverV1>;
export type RoundClosedV1 = z.output<typeof RoundClosedV1>;
export type CycleClosedV1 = z.output<typeof CycleClosedV1>;
export type CycleCancelledV1 = z.output<typeof CycleCancelledV1>;
export type GspStageRecordedV1 = z.output<typeof GspStageRecordedV1>;
export type GspWithdrawalInitiatedV1 = z.output<typeof GspWithdrawalInitiatedV1>;
export type GspWithdrawalDecidedV1 = z.output<typeof GspWithdrawalDecidedV1>;
export type ReminderSentV1 = z.output<typeof ReminderSentV1>;
export type IndividualCaseAttachedV1 = z.output<typeof IndividualCaseAttachedV1>;
export type IndividualCaseErasedV1 = z.output<typeof IndividualCaseErasedV1>;

function define<const N extends string, const V extends number, S extends z.ZodType>(
  name: N,
  version: V,
  data: S,
  description: string,
) {
  return { name, version, data, description };
}

/** Every integration event Suivi has ever published, each version of each name. */
export const integrationEventCatalog = [
  define('cycle.started', 1, CycleStartedV1, 'A follow-up cycle was started.'),
  define('round.scheduled', 1, RoundScheduledV1, 'A round (meeting) of the cycle was scheduled.'),
  define('round.held', 1, RoundHeldV1, 'A round took place.'),
  define('round.closed', 1, RoundClosedV1, 'A round was closed; its open action points moved to the next round.'),
  define('action-point.proposed', 1, ActionPointProposedV1, 'An action point was proposed in a round.'),
  define('action-point.agreed', 1, ActionPointAgreedV1, 'Both sides agreed an action point.'),
  define('action-point.amended', 1, ActionPointAmendedV1, "An action point's terms were amended."),
  define('action-point.withdrawn', 1, ActionPointWithdrawnV1, 'An action point was withdrawn.'),
  define(
    'action-point.progress-reported',
    1,
    ActionPointProgressReportedV1,
    'Progress on an action point was reported.',
  ),
  define('action-point.assessed', 1, ActionPointAssessedV1, 'An action point was assessed.'),
  define('action-point.carried-over', 1, ActionPointCarriedOverV1, 'An open action point moved to the next round.'),
  define('cycle.closed', 1, CycleClosedV1, 'The cycle was closed.'),
  define('cycle.cancelled', 1, CycleCancelledV1, 'The cycle was cancelled.'),
  define('gsp.stage-recorded', 1, GspStageRecordedV1, 'A GSP+ / EBA monitoring stage was reached.'),
  define('gsp.withdrawal-initiated', 1, GspWithdrawalInitiatedV1, 'A GSP withdrawal procedure was initiated.'),
  define('gsp.withdrawal-decided', 1, GspWithdrawalDecidedV1, 'The final decision of a withdrawal procedure.'),
  define('reminder.sent', 1, ReminderSentV1, 'A reminder or escalation about a deadline was due and sent.'),
  define(
    'individual-case.attached',
    1,
    IndividualCaseAttachedV1,
    'An action point now concerns an individual case, known here by its opaque reference only.',
  ),
  define(
    'individual-case.erased',
    1,
    IndividualCaseErasedV1,
    "An individual case's key was destroyed: its content is unreadable everywhere. Drop anything derived from the case.",
  ),
] as const;

type Definition = (typeof integrationEventCatalog)[number];
export type IntegrationEventDefinition = Definition;
export type IntegrationEventName = Definition['name'];

/** `{ type, version, data }` for each name and version in the catalogue. */
export type IntegrationEvent = Definition extends infer D
  ? D extends { name: infer N; version: infer V; data: infer S extends z.ZodType }
    ? { type: N; version: V; data: z.output<S> }
    : never
  : never;

export type IntegrationEventOf<N extends IntegrationEventName, V extends number = number> = Extract<
  IntegrationEvent,
  { type: N; version: V }
>;

export function integrationEventDefinition(name: string, version: number): IntegrationEventDefinition | undefined {
  return integrationEventCatalog.find((d) => d.name === name && d.version === version);
}
