import type { ActionPointTerms, CycleEvent, CycleEventOf, CycleEventType } from '@suivi/domain';
import fc from 'fast-check';
import {
  actorRoleCodes,
  assessmentCodes,
  conventionIds,
  gspStageCodes,
  ownerCodes,
  priorityCodes,
  recipientRoleCodes,
  regionalBodyCodes,
  reminderKindCodes,
  themeCodes,
  unMechanismCodes,
} from '../lib/codes';

/** Every generated free text contains this marker (with a space, which no id or code can hold). */
export const FREE_TEXT_MARKER = 'Ms Canary';

const freeText = fc.string({ minLength: 0, maxLength: 40 }).map((s) => `${FREE_TEXT_MARKER} ${s}`);
const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,15}$/);
const cycleId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{2,20}$/);
const moment = fc.date({
  min: new Date('1990-01-01T00:00:00Z'),
  max: new Date('2199-12-31T23:59:59Z'),
  noInvalidDate: true,
});
const date = moment.map((d) => d.toISOString().slice(0, 10));
const instant = moment.map((d) => d.toISOString());
const dayOffset = fc.integer({ min: 1, max: 3660 }).map((n) => `P${n}D`);
const recipientRole = fc.constantFrom(...recipientRoleCodes);
const step = fc.record({ offset: dayOffset, recipientRole });

const envelope = fc.record({
  cycleId,
  sequence: fc.integer({ min: 1, max: 1_000_000 }),
  occurredAt: instant,
  actor: fc.record({ userId: freeText, role: fc.constantFrom(...actorRoleCodes) }),
  commandId: freeText,
});

const unReference = fc.record(
  {
    mechanism: fc.constantFrom(...unMechanismCodes),
    text: freeText,
    documentSymbol: freeText,
    paragraph: freeText,
  },
  { requiredKeys: ['mechanism', 'text'] },
);

const termArbitraries = {
  text: freeText,
  owner: fc.constantFrom(...ownerCodes),
  deadline: date,
  priority: fc.constantFrom(...priorityCodes),
  themes: fc.uniqueArray(fc.constantFrom(...themeCodes), { minLength: 1, maxLength: 4 }),
  conventions: fc.uniqueArray(fc.constantFrom(...conventionIds), { maxLength: 4 }),
  unReferences: fc.array(unReference, { maxLength: 4 }),
};
const terms: fc.Arbitrary<ActionPointTerms> = fc.record(termArbitraries);
const changes = fc
  .record(termArbitraries, { requiredKeys: [] })
  .filter((c: Partial<ActionPointTerms>) => Object.keys(c).length > 0);

const milestones = fc.record({
  initiatedOn: date,
  monitoringEndsOn: date,
  commissionReportDueOn: date,
  decisionDueOn: date,
  withdrawalTakesEffectOn: date,
});

const reminderData = fc
  .record({
    subject: fc.oneof(
      id.map((actionPointId) => ({ kind: 'ACTION_POINT' as const, actionPointId })),
      fc.constant({ kind: 'GSP_REPLIES' as const }),
    ),
    kind: fc.constantFrom(...reminderKindCodes),
    offset: fc.oneof(dayOffset, fc.constant('P0D')),
    recipientRole,
    deadline: date,
    dueAt: instant,
  })
  .map((r) => ({
    reminderKey: `${r.subject.kind === 'ACTION_POINT' ? `ap:${r.subject.actionPointId}` : 'gsp-replies'}|${r.deadline}|${r.kind}|${r.offset}`,
    ...r,
  }));

/** Domain-valid data of each event type, free text marked; a new domain event type must be added here. */
const dataOf: { [T in CycleEventType]: fc.Arbitrary<CycleEventOf<T>['data']> } = {
  CycleStarted: fc.record({
    cycleType: fc.constantFrom(
      'HUMAN_RIGHTS_DIALOGUE',
      'POLITICAL_DIALOGUE',
      'GSP_PLUS_MONITORING',
      'EBA_ENHANCED_ENGAGEMENT',
      'GSP_WITHDRAWAL_PROCEDURE',
      'ELECTION_OBSERVATION_FOLLOW_UP',
    ),
    country: fc.oneof(fc.stringMatching(/^[A-Z]{2}$/), fc.constantFrom(...regionalBodyCodes)),
    title: freeText,
    timeZone: fc.constantFrom(
      'Europe/Brussels',
      'Asia/Phnom_Penh',
      'America/Argentina/Buenos_Aires',
      'Etc/GMT+5',
      'UTC',
    ),
    reminderPolicy: fc.record({
      beforeDeadline: fc.array(step, { maxLength: 4 }),
      onDeadline: fc.option(fc.record({ recipientRole }), { nil: null }),
      escalations: fc.array(step, { maxLength: 3 }),
      localTime: fc.constantFrom('09:00', '00:00', '23:59', '07:30:15'),
    }),
  }),
  RoundScheduled: fc.record({ roundId: id, date, title: freeText }, { requiredKeys: ['roundId', 'date'] }),
  RoundHeld: fc.record({ roundId: id, heldOn: date }),
  ActionPointProposed: fc.record({ actionPointId: id, roundId: id, terms }),
  ActionPointAgreed: fc.record({ actionPointId: id }),
  ActionPointAmended: fc.record({ actionPointId: id, changes, reason: freeText }),
  ActionPointWithdrawn: fc.record({ actionPointId: id, reason: freeText }),
  ProgressReported: fc.record({
    actionPointId: id,
    reportId: id,
    text: freeText,
    evidenceLinks: fc.array(
      freeText.map((t) => `https://example.org/${encodeURIComponent(t)}?q=${t}`),
      {
        maxLength: 3,
      },
    ),
    reportedOn: date,
  }),
  ActionPointAssessed: fc.record(
    { actionPointId: id, assessment: fc.constantFrom(...assessmentCodes), comment: freeText },
    { requiredKeys: ['actionPointId', 'assessment'] },
  ),
  ActionPointCarriedOver: fc.record({
    actionPointId: id,
    fromRoundId: id,
    toRoundId: id,
    roundsCarried: fc.integer({ min: 1, max: 50 }),
  }),
  RoundClosed: fc.record(
    { roundId: id, carriedOver: fc.array(id, { maxLength: 4 }), nextRoundId: id },
    { requiredKeys: ['roundId', 'carriedOver'] },
  ),
  CycleClosed: fc.record({ reason: freeText }, { requiredKeys: [] }),
  CycleCancelled: fc.record({ reason: freeText }),
  GspStageRecorded: fc.record(
    { stage: fc.constantFrom(...gspStageCodes), on: date, repliesDueOn: date },
    { requiredKeys: ['stage', 'on'] },
  ),
  WithdrawalInitiated: fc.record({ milestones }),
  WithdrawalDecisionRecorded: fc.record({ decidedOn: date, withdrawn: fc.boolean(), milestones }),
  ReminderSent: reminderData,
  IndividualCaseAttached: fc.record({ actionPointId: id, caseRef: fc.uuid({ version: 4 }).map((u) => `case-${u}`) }),
  IndividualCaseErased: fc.record({ actionPointId: id, caseRef: fc.uuid({ version: 4 }).map((u) => `case-${u}`) }),
};

export const domainEventTypes = Object.keys(dataOf) as CycleEventType[];

export function domainEventOf<T extends CycleEventType>(type: T): fc.Arbitrary<CycleEventOf<T>> {
  return fc
    .tuple(envelope, dataOf[type] as fc.Arbitrary<CycleEventOf<T>['data']>)
    .map(([e, data]) => ({ type, ...e, data }) as CycleEventOf<T>);
}

/** Any domain event, of any type, with domain-valid data and marked free text. */
export const domainEvent: fc.Arbitrary<CycleEvent> = fc.oneof(...domainEventTypes.map((t) => domainEventOf(t)));
