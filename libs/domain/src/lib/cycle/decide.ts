import { IANAZone } from 'luxon';
import { CYCLE_ID_PATTERN } from '../cycle-id';
import { cycleTypeDefinition, isConventionId, isRegionalBodyCode, isThemeCode, referenceData } from '../reference-data';
import type { ActionPointTerms, CycleCommand } from './commands';
import {
  cycleTypes,
  type ActionPointOwner,
  type ActionPointStatus,
  type Assessment,
  type CommandMetadata,
  type CycleType,
  type GspStage,
  type Priority,
  type ReminderPolicy,
  type UnMechanismKind,
  type UnReference,
} from './cycle-types';
import { isInstant, isLocalDate, instantMillis } from './dates';
import type { Decide, DomainError } from './decider';
import type { CycleEvent } from './events';
import { evolve } from './evolve';
import { describeReminder, effectiveReminderPolicy, reminderPendingProblem, validateReminderPolicy } from './reminders';
import type { ActionPointState, CycleState, RoundState } from './state';
import { withdrawalMilestones } from './withdrawal';

/** Every code `decide` may reject with; clients can rely on them (messages may be reworded). */
export const rejectionCodes = [
  'INVALID_METADATA',
  'UNKNOWN_COMMAND',
  'CYCLE_NOT_STARTED',
  'CYCLE_ALREADY_STARTED',
  'CYCLE_ID_MISMATCH',
  'UNKNOWN_CYCLE_TYPE',
  'INVALID_COUNTRY',
  'INVALID_TITLE',
  'INVALID_TIME_ZONE',
  'INVALID_REMINDER_POLICY',
  'CYCLE_CLOSED',
  'INVALID_ID',
  'INVALID_DATE',
  'DUPLICATE_ROUND',
  'UNKNOWN_ROUND',
  'ROUND_ALREADY_CLOSED',
  'ROUND_ALREADY_HELD',
  'DUPLICATE_ACTION_POINT',
  'UNKNOWN_ACTION_POINT',
  'DEADLINE_BEFORE_ROUND_DATE',
  'UNKNOWN_THEME',
  'NO_THEME',
  'UNKNOWN_CONVENTION',
  'INVALID_UN_REFERENCE',
  'INVALID_OWNER',
  'INVALID_PRIORITY',
  'INVALID_TEXT',
  'NO_CHANGES',
  'REASON_REQUIRED',
  'ACTION_POINT_NOT_PROPOSED',
  'ACTION_POINT_FINAL',
  'ACTION_POINT_NOT_AGREED',
  'ACTION_POINT_ALREADY_ASSESSED',
  'INVALID_ASSESSMENT',
  'DUPLICATE_REPORT',
  'INVALID_EVIDENCE_LINK',
  'OPEN_ACTION_POINTS_NEED_NEXT_ROUND',
  'INVALID_NEXT_ROUND',
  'OPEN_ACTION_POINTS',
  'NOT_A_GSP_CYCLE',
  'UNKNOWN_GSP_STAGE',
  'GSP_STAGE_OUT_OF_ORDER',
  'GSP_STAGE_ALREADY_RECORDED',
  'INVALID_REPLIES_DUE_ON',
  'NOT_A_WITHDRAWAL_PROCEDURE',
  'WITHDRAWAL_ALREADY_INITIATED',
  'WITHDRAWAL_NOT_INITIATED',
  'WITHDRAWAL_ALREADY_DECIDED',
  'DECISION_BEFORE_INITIATION',
  'INVALID_DECISION',
  'INVALID_CASE_REF',
  'CASE_ALREADY_ATTACHED',
  'UNKNOWN_CASE',
  'CASE_ALREADY_ERASED',
  'REMINDER_NOT_PENDING',
  'REMINDER_NOT_DUE',
] as const;
export type RejectionCode = (typeof rejectionCodes)[number];

type EnvelopeKey = 'cycleId' | 'sequence' | 'occurredAt' | 'actor' | 'commandId';
/** An event before `decide` stamps its envelope (sequence, time, actor, command id). */
export type EventDraft = CycleEvent extends infer E ? (E extends CycleEvent ? Omit<E, EnvelopeKey> : never) : never;
type Outcome = EventDraft[] | DomainError;

export const MAX_TITLE_LENGTH = 200;
export const MAX_TEXT_LENGTH = 4000;
const MAX_UN_REFERENCE_TEXT_LENGTH = 500;
const MAX_URL_LENGTH = 2048;
const COUNTRY_CODE = /^[A-Z]{2}$/;
/**
 * Ids travel in reminder keys ("|"-separated), URLs and the integration contract, whose id
 * pattern is this one: an id the contract could not carry would stall publishing.
 */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

const OPEN_STATUSES: readonly ActionPointStatus[] = ['PROPOSED', 'AGREED', 'IN_PROGRESS'];
const ASSESSMENTS: readonly Assessment[] = ['COMPLETED', 'PARTIALLY_COMPLETED', 'NOT_COMPLETED'];
const OWNERS: readonly ActionPointOwner[] = ['PARTNER', 'EU', 'JOINT'];
const PRIORITIES: readonly Priority[] = ['HIGH', 'MEDIUM', 'LOW'];
const UN_MECHANISMS: readonly UnMechanismKind[] = referenceData.unMechanisms.mechanisms.map((m) => m.code);
export const GSP_STAGE_ORDER: readonly GspStage[] = [
  'LIST_OF_ISSUES_SENT',
  'REPLIES_RECEIVED',
  'MONITORING_MISSION_HELD',
  'ASSESSMENT_COMPLETED',
  'REPORT_PUBLISHED',
];
const GSP_CYCLE_TYPES: readonly CycleType[] = ['GSP_PLUS_MONITORING', 'EBA_ENHANCED_ENGAGEMENT'];

/**
 * Decides what a command means for the cycle: the events to record, or why it is refused.
 * Pure and total: commands arrive as untrusted JSON, so every field is checked at run time
 * and nothing is thrown.
 */
export const decide: Decide = (state, command, metadata) => {
  const outcome = decideOutcome(state, command, metadata);
  if (!Array.isArray(outcome)) return { accepted: false, error: outcome };
  const events = outcome.map(
    (draft, i) =>
      ({
        ...draft,
        cycleId: state.cycleId,
        sequence: state.version + i + 1,
        occurredAt: metadata.issuedAt,
        actor: { userId: metadata.actor.userId, role: metadata.actor.role },
        commandId: metadata.commandId,
      }) as CycleEvent,
  );
  return { accepted: true, events };
};

function decideOutcome(state: CycleState, command: CycleCommand, metadata: CommandMetadata): Outcome {
  const metadataProblem = checkMetadata(metadata);
  if (metadataProblem) return metadataProblem;
  if (!isRecord(command as unknown) || typeof command.type !== 'string') {
    return reject('UNKNOWN_COMMAND', 'The command has no type; send one of the cycle commands, e.g. ScheduleRound.');
  }
  if (command.type === 'StartCycle') {
    if (state.started) {
      return reject(
        'CYCLE_ALREADY_STARTED',
        `Cycle ${state.cycleId} was already started ("${state.title}", ${state.cycleType}); a cycle is started only once.`,
      );
    }
    return startCycle(state, command);
  }
  if (!state.started) {
    return reject(
      'CYCLE_NOT_STARTED',
      `Cycle ${state.cycleId} has not been started. Start it (StartCycle) before sending ${command.type}.`,
    );
  }
  // A person's data must stay erasable after the follow-up ends: the one change a closed cycle takes.
  if (command.type === 'EraseIndividualCase') return eraseIndividualCase(state, command);
  if (state.status === 'CLOSED' || state.status === 'CANCELLED') {
    return reject(
      'CYCLE_CLOSED',
      `Cycle ${state.cycleId} is ${state.status === 'CLOSED' ? 'closed' : 'cancelled'}: it accepts no further changes. Start a new cycle to continue the follow-up.`,
    );
  }
  switch (command.type) {
    case 'ScheduleRound':
      return scheduleRound(state, command);
    case 'RecordRoundHeld':
      return recordRoundHeld(state, command);
    case 'ProposeActionPoint':
      return proposeActionPoint(state, command);
    case 'RecordAgreedActionPoint':
      return recordAgreedActionPoint(state, command, metadata);
    case 'AgreeActionPoint':
      return agreeActionPoint(state, command);
    case 'AmendActionPoint':
      return amendActionPoint(state, command);
    case 'WithdrawActionPoint':
      return withdrawActionPoint(state, command);
    case 'ReportProgress':
      return reportProgress(state, command);
    case 'AssessActionPoint':
      return assessActionPoint(state, command);
    case 'CloseRound':
      return closeRound(state, command, metadata);
    case 'CloseCycle':
      return closeCycle(state, command);
    case 'CancelCycle':
      return cancelCycle(command);
    case 'RecordGspStage':
      return recordGspStage(state, command);
    case 'InitiateWithdrawal':
      return initiateWithdrawal(state, command);
    case 'RecordWithdrawalDecision':
      return recordWithdrawalDecision(state, command);
    case 'AttachIndividualCase':
      return attachIndividualCase(state, command);
    case 'SendReminder':
      return sendReminder(state, command, metadata);
    default:
      return reject('UNKNOWN_COMMAND', `"${(command as { type: string }).type}" is not a cycle command.`, 'type');
  }
}

type Command<T extends CycleCommand['type']> = Extract<CycleCommand, { type: T }>;

function startCycle(state: CycleState, c: Command<'StartCycle'>): Outcome {
  // The cycle id names its workflow and every published event: stricter than other ids.
  if (typeof c.cycleId !== 'string' || !CYCLE_ID_PATTERN.test(c.cycleId)) {
    return reject(
      'INVALID_ID',
      `${JSON.stringify(c.cycleId ?? null)} is not a valid cycle id: use 3 to 64 letters, digits, "-" or "_", starting with a letter or digit.`,
      'cycleId',
    );
  }
  if (c.cycleId !== state.cycleId) {
    return reject(
      'CYCLE_ID_MISMATCH',
      `This command starts cycle "${String(c.cycleId)}" but was sent to cycle "${state.cycleId}". Send it to cycle "${String(c.cycleId)}" or correct its cycleId.`,
      'cycleId',
    );
  }
  if (!(cycleTypes as readonly unknown[]).includes(c.cycleType)) {
    return reject(
      'UNKNOWN_CYCLE_TYPE',
      `"${String(c.cycleType)}" is not a cycle type. Choose one of ${cycleTypes.join(', ')}.`,
      'cycleType',
    );
  }
  if (typeof c.country !== 'string' || !(COUNTRY_CODE.test(c.country) || isRegionalBodyCode(c.country))) {
    const bodies = referenceData.regionalBodies.regionalBodies.map((b) => b.code).join(', ');
    return reject(
      'INVALID_COUNTRY',
      `"${String(c.country)}" is not a partner code. Use the ISO 3166-1 alpha-2 code in capitals (e.g. KH for Cambodia) or a regional body: ${bodies}.`,
      'country',
    );
  }
  const titleProblem = checkTitle(c.title, 'title', 'the cycle');
  if (titleProblem) return titleProblem;
  if (typeof c.timeZone !== 'string' || !IANAZone.isValidZone(c.timeZone)) {
    return reject(
      'INVALID_TIME_ZONE',
      `"${String(c.timeZone)}" is not an IANA time zone. Use the delegation's zone, e.g. Europe/Brussels or Asia/Phnom_Penh.`,
      'timeZone',
    );
  }
  if (c.reminderPolicy !== undefined && !isRecord(c.reminderPolicy)) {
    return reject(
      'INVALID_REMINDER_POLICY',
      'The reminder policy must be an object; leave it out to use the cycle type defaults.',
      'reminderPolicy',
    );
  }
  const policy = effectiveReminderPolicy(c.cycleType, c.reminderPolicy);
  const problems = validateReminderPolicy(policy);
  if (problems.length > 0) {
    return reject(
      'INVALID_REMINDER_POLICY',
      `The reminder policy is not valid: ${problems.map((p) => p.message).join('; ')}. Fix these values or leave them out to use the ${cycleTypeDefinition(c.cycleType).labels.en} defaults.`,
      `reminderPolicy.${problems[0].field}`,
    );
  }
  return [
    {
      type: 'CycleStarted',
      data: {
        cycleType: c.cycleType,
        country: c.country,
        title: c.title.trim(),
        timeZone: c.timeZone,
        reminderPolicy: normalizedPolicy(policy),
      },
    },
  ];
}

/**
 * The first free id of the form `<prefix><n>` from n = count + 1: what a desk officer would
 * write next (R3 after R1 and R2), assigned by the cycle itself so that concurrent commands,
 * serialised by the workflow, can never receive the same one.
 */
function nextFreeId(taken: Record<string, unknown>, prefix: string): string {
  let n = Object.keys(taken).length + 1;
  while (`${prefix}${n}` in taken) n++;
  return `${prefix}${n}`;
}

/** Runs a second decision on the state the first one's events lead to; all or nothing. */
function andThen(
  state: CycleState,
  metadata: CommandMetadata,
  first: Outcome,
  second: (after: CycleState) => Outcome,
): Outcome {
  if (!Array.isArray(first)) return first;
  const after = first.reduce(
    (s, draft, i) =>
      evolve(s, {
        ...draft,
        cycleId: s.cycleId,
        sequence: state.version + i + 1,
        occurredAt: metadata.issuedAt,
        actor: metadata.actor,
        commandId: metadata.commandId,
      } as CycleEvent),
    state,
  );
  const rest = second(after);
  return Array.isArray(rest) ? [...first, ...rest] : rest;
}

/** `at` prefixes the fields a refusal names ("nextRound." when scheduled by CloseRound). */
function scheduleRound(state: CycleState, c: Command<'ScheduleRound'>, at = ''): Outcome {
  const roundId = c.roundId ?? nextFreeId(state.rounds, 'R');
  const idProblem = checkId(roundId, `${at}roundId`, 'round');
  if (idProblem) return idProblem;
  const existing = roundOf(state, roundId);
  if (existing) {
    return reject(
      'DUPLICATE_ROUND',
      `Round ${roundId} already exists (scheduled for ${existing.date}). Choose another round id, or leave it out to get the next one.`,
      `${at}roundId`,
    );
  }
  const dateProblem = checkDate(c.date, `${at}date`);
  if (dateProblem) return dateProblem;
  if (c.title !== undefined) {
    const titleProblem = checkTitle(c.title, `${at}title`, 'the round');
    if (titleProblem) return titleProblem;
  }
  return [
    {
      type: 'RoundScheduled',
      data: { roundId, date: c.date, ...(c.title !== undefined ? { title: c.title.trim() } : {}) },
    },
  ];
}

function recordRoundHeld(state: CycleState, c: Command<'RecordRoundHeld'>): Outcome {
  const round = roundOf(state, c.roundId);
  if (!round) return unknownRound(state, c.roundId, 'roundId');
  if (round.status === 'CLOSED') return roundClosed(round);
  if (round.status === 'HELD') {
    return reject(
      'ROUND_ALREADY_HELD',
      `Round ${round.roundId} was already recorded as held on ${round.heldOn}. A round is held only once.`,
      'roundId',
    );
  }
  const dateProblem = checkDate(c.heldOn, 'heldOn');
  if (dateProblem) return dateProblem;
  return [{ type: 'RoundHeld', data: { roundId: round.roundId, heldOn: c.heldOn } }];
}

function proposeActionPoint(
  state: CycleState,
  c: Command<'ProposeActionPoint'> | Command<'RecordAgreedActionPoint'>,
): Outcome {
  const actionPointId = c.actionPointId ?? nextFreeId(state.actionPoints, 'AP');
  const idProblem = checkId(actionPointId, 'actionPointId', 'action point');
  if (idProblem) return idProblem;
  const existing = actionPointOf(state, actionPointId);
  if (existing) {
    return reject(
      'DUPLICATE_ACTION_POINT',
      `Action point ${actionPointId} already exists (round ${existing.originalRoundId}). Choose another id (or leave it out to get the next one), or amend ${actionPointId}.`,
      'actionPointId',
    );
  }
  const round = roundOf(state, c.roundId);
  if (!round) return unknownRound(state, c.roundId, 'roundId');
  if (round.status === 'CLOSED') return roundClosed(round);
  const terms = checkTerms(c, round, true);
  if (!('values' in terms)) return terms;
  return [
    {
      type: 'ActionPointProposed',
      data: { actionPointId, roundId: round.roundId, terms: terms.values as ActionPointTerms },
    },
  ];
}

/** Proposed and agreed at once: what a meeting's minutes record. */
function recordAgreedActionPoint(
  state: CycleState,
  c: Command<'RecordAgreedActionPoint'>,
  metadata: CommandMetadata,
): Outcome {
  const proposed = proposeActionPoint(state, c);
  if (!Array.isArray(proposed)) return proposed;
  const [draft] = proposed as Array<Extract<EventDraft, { type: 'ActionPointProposed' }>>;
  return andThen(state, metadata, proposed, (after) =>
    agreeActionPoint(after, { type: 'AgreeActionPoint', actionPointId: draft.data.actionPointId }),
  );
}

function agreeActionPoint(state: CycleState, c: Command<'AgreeActionPoint'>): Outcome {
  const ap = actionPointOf(state, c.actionPointId);
  if (!ap) return unknownActionPoint(c.actionPointId);
  if (ap.status !== 'PROPOSED') {
    return reject(
      'ACTION_POINT_NOT_PROPOSED',
      `Action point ${ap.actionPointId} is ${describeStatus(ap.status)}; only a proposed action point can be agreed.`,
      'actionPointId',
    );
  }
  return [{ type: 'ActionPointAgreed', data: { actionPointId: ap.actionPointId } }];
}

function amendActionPoint(state: CycleState, c: Command<'AmendActionPoint'>): Outcome {
  const ap = actionPointOf(state, c.actionPointId);
  if (!ap) return unknownActionPoint(c.actionPointId);
  if (isFinal(ap)) return actionPointFinal(ap, 'amended');
  const reasonProblem = checkReason(c.reason, `amending action point ${ap.actionPointId}`);
  if (reasonProblem) return reasonProblem;
  if (!isRecord(c.changes)) {
    return reject('NO_CHANGES', 'Say what to change: "changes" must give at least one new value.', 'changes');
  }
  // The deadline cannot precede the round in which the action point was agreed, wherever it was carried since.
  const originalRound = roundOf(state, ap.originalRoundId) ?? roundOf(state, ap.roundId);
  const checked = checkTerms(c.changes, originalRound, false);
  if (!('values' in checked)) return checked;
  const changes: Partial<ActionPointTerms> = {};
  for (const [key, value] of Object.entries(checked.values) as [keyof ActionPointTerms, unknown][]) {
    if (JSON.stringify(value) !== JSON.stringify(ap[key])) Object.assign(changes, { [key]: value });
  }
  if (Object.keys(changes).length === 0) {
    return reject(
      'NO_CHANGES',
      `The amendment changes nothing: every value given is already that of action point ${ap.actionPointId}.`,
      'changes',
    );
  }
  return [{ type: 'ActionPointAmended', data: { actionPointId: ap.actionPointId, changes, reason: c.reason.trim() } }];
}

function withdrawActionPoint(state: CycleState, c: Command<'WithdrawActionPoint'>): Outcome {
  const ap = actionPointOf(state, c.actionPointId);
  if (!ap) return unknownActionPoint(c.actionPointId);
  if (isFinal(ap)) return actionPointFinal(ap, 'withdrawn');
  const reasonProblem = checkReason(c.reason, `withdrawing action point ${ap.actionPointId}`);
  if (reasonProblem) return reasonProblem;
  return [{ type: 'ActionPointWithdrawn', data: { actionPointId: ap.actionPointId, reason: c.reason.trim() } }];
}

function reportProgress(state: CycleState, c: Command<'ReportProgress'>): Outcome {
  const ap = actionPointOf(state, c.actionPointId);
  if (!ap) return unknownActionPoint(c.actionPointId);
  if (isFinal(ap)) return actionPointFinal(ap, 'reported on');
  if (ap.status === 'PROPOSED') return notAgreed(ap, 'report progress on it');
  const idProblem = checkId(c.reportId, 'reportId', 'progress report');
  if (idProblem) return idProblem;
  const previous = ap.progress.find((p) => p.reportId === c.reportId);
  if (previous) {
    return reject(
      'DUPLICATE_REPORT',
      `Progress report ${c.reportId} was already recorded for action point ${ap.actionPointId} (reported on ${previous.reportedOn}). Use a new report id for new progress.`,
      'reportId',
    );
  }
  const textProblem = checkText(c.text, 'text', 'the progress report');
  if (textProblem) return textProblem;
  if (!Array.isArray(c.evidenceLinks)) {
    return reject(
      'INVALID_EVIDENCE_LINK',
      'Evidence links must be a list of web addresses (it may be empty).',
      'evidenceLinks',
    );
  }
  const badLink = c.evidenceLinks.find((link: unknown) => !isHttpUrl(link));
  if (badLink !== undefined) {
    return reject(
      'INVALID_EVIDENCE_LINK',
      `The evidence link ${JSON.stringify(badLink)} is not a web address. Give http:// or https:// links (at most ${MAX_URL_LENGTH} characters).`,
      'evidenceLinks',
    );
  }
  const dateProblem = checkDate(c.reportedOn, 'reportedOn');
  if (dateProblem) return dateProblem;
  return [
    {
      type: 'ProgressReported',
      data: {
        actionPointId: ap.actionPointId,
        reportId: c.reportId,
        text: c.text.trim(),
        evidenceLinks: [...c.evidenceLinks],
        reportedOn: c.reportedOn,
      },
    },
  ];
}

function assessActionPoint(state: CycleState, c: Command<'AssessActionPoint'>): Outcome {
  const ap = actionPointOf(state, c.actionPointId);
  if (!ap) return unknownActionPoint(c.actionPointId);
  if (ap.status === 'WITHDRAWN') return actionPointFinal(ap, 'assessed');
  if (ap.assessment !== undefined || (ASSESSMENTS as readonly string[]).includes(ap.status)) {
    return reject(
      'ACTION_POINT_ALREADY_ASSESSED',
      `Action point ${ap.actionPointId} was already assessed as ${ap.assessment ?? ap.status}; an assessment is final.`,
      'actionPointId',
    );
  }
  if (ap.status === 'PROPOSED') return notAgreed(ap, 'assess it');
  if (!(ASSESSMENTS as readonly unknown[]).includes(c.assessment)) {
    return reject(
      'INVALID_ASSESSMENT',
      `"${String(c.assessment)}" is not an assessment. Choose one of ${ASSESSMENTS.join(', ')}.`,
      'assessment',
    );
  }
  if (c.comment !== undefined) {
    const commentProblem = checkText(c.comment, 'comment', 'the assessment comment', true);
    if (commentProblem) return commentProblem;
  }
  const comment = typeof c.comment === 'string' && c.comment.trim() !== '' ? c.comment.trim() : undefined;
  return [
    {
      type: 'ActionPointAssessed',
      data: { actionPointId: ap.actionPointId, assessment: c.assessment, ...(comment ? { comment } : {}) },
    },
  ];
}

function closeRound(state: CycleState, c: Command<'CloseRound'>, metadata: CommandMetadata): Outcome {
  if (c.nextRound !== undefined) {
    if (c.nextRoundId !== undefined) {
      return reject(
        'INVALID_NEXT_ROUND',
        'Give either nextRoundId (a round already scheduled) or nextRound (to schedule it now), not both.',
        'nextRound',
      );
    }
    if (!roundOf(state, c.roundId)) return unknownRound(state, c.roundId, 'roundId');
    const next = isRecord(c.nextRound) ? c.nextRound : { date: undefined as unknown as string };
    const scheduled = scheduleRound(state, { type: 'ScheduleRound', ...next }, 'nextRound.');
    if (!Array.isArray(scheduled)) return scheduled;
    const [draft] = scheduled as Array<Extract<EventDraft, { type: 'RoundScheduled' }>>;
    return andThen(state, metadata, scheduled, (after) =>
      closeRound(after, { type: 'CloseRound', roundId: c.roundId, nextRoundId: draft.data.roundId }, metadata),
    );
  }
  const round = roundOf(state, c.roundId);
  if (!round) return unknownRound(state, c.roundId, 'roundId');
  if (round.status === 'CLOSED') return roundClosed(round);
  const open = openActionPoints(state).filter((ap) => ap.roundId === round.roundId);
  let next: RoundState | undefined;
  if (c.nextRoundId !== undefined) {
    next = roundOf(state, c.nextRoundId);
    const problem = !next
      ? `There is no round ${String(c.nextRoundId)} in this cycle`
      : next.roundId === round.roundId
        ? `A round cannot carry its action points over to itself`
        : next.status === 'CLOSED'
          ? `Round ${next.roundId} is already closed`
          : undefined;
    if (problem) {
      return reject(
        'INVALID_NEXT_ROUND',
        `${problem}. Name a scheduled, not yet closed round as nextRoundId (schedule it first if needed).`,
        'nextRoundId',
      );
    }
  }
  if (open.length > 0 && !next) {
    return reject(
      'OPEN_ACTION_POINTS_NEED_NEXT_ROUND',
      `Round ${round.roundId} still has ${count(open.length, 'open action point')} (${listIds(open.map((ap) => ap.actionPointId))}). Schedule the next round and close this one with it as nextRoundId to carry them over, or assess or withdraw them first.`,
      'nextRoundId',
    );
  }
  const carried: EventDraft[] = open.map((ap) => ({
    type: 'ActionPointCarriedOver',
    data: {
      actionPointId: ap.actionPointId,
      fromRoundId: round.roundId,
      toRoundId: (next as RoundState).roundId,
      roundsCarried: ap.roundsCarried + 1,
    },
  }));
  return [
    ...carried,
    {
      type: 'RoundClosed',
      data: {
        roundId: round.roundId,
        carriedOver: open.map((ap) => ap.actionPointId),
        ...(next ? { nextRoundId: next.roundId } : {}),
      },
    },
  ];
}

function closeCycle(state: CycleState, c: Command<'CloseCycle'>): Outcome {
  const open = openActionPoints(state);
  if (open.length > 0) {
    return reject(
      'OPEN_ACTION_POINTS',
      `Cycle ${state.cycleId} still has ${count(open.length, 'open action point')} (${listIds(open.map((ap) => ap.actionPointId))}). Assess or withdraw them before closing the cycle, or cancel the cycle instead.`,
    );
  }
  const reason = typeof c.reason === 'string' && c.reason.trim() !== '' ? c.reason.trim() : undefined;
  return [{ type: 'CycleClosed', data: reason ? { reason } : {} }];
}

function cancelCycle(c: Command<'CancelCycle'>): Outcome {
  const reasonProblem = checkReason(c.reason, 'cancelling the cycle');
  if (reasonProblem) return reasonProblem;
  return [{ type: 'CycleCancelled', data: { reason: c.reason.trim() } }];
}

function recordGspStage(state: CycleState, c: Command<'RecordGspStage'>): Outcome {
  if (!GSP_CYCLE_TYPES.includes(state.cycleType as CycleType)) {
    return reject(
      'NOT_A_GSP_CYCLE',
      `GSP stages are recorded only on GSP+ monitoring and EBA enhanced engagement cycles; cycle ${state.cycleId} is a ${state.cycleType} cycle.`,
      'stage',
    );
  }
  const index = GSP_STAGE_ORDER.indexOf(c.stage);
  if (index < 0) {
    return reject(
      'UNKNOWN_GSP_STAGE',
      `"${String(c.stage)}" is not a GSP stage. Choose one of ${GSP_STAGE_ORDER.join(', ')}.`,
      'stage',
    );
  }
  const dateProblem = checkDate(c.on, 'on');
  if (dateProblem) return dateProblem;
  const stages = state.gsp?.stages ?? {};
  const recordedOn = stages[c.stage];
  if (recordedOn !== undefined) {
    return reject(
      'GSP_STAGE_ALREADY_RECORDED',
      `${c.stage} was already recorded on ${recordedOn}. Each stage is recorded once per cycle.`,
      'stage',
    );
  }
  const missing = GSP_STAGE_ORDER.slice(0, index).find((stage) => stages[stage] === undefined);
  if (missing) {
    return reject(
      'GSP_STAGE_OUT_OF_ORDER',
      `${c.stage} cannot be recorded before ${missing}. Record the stages in order: ${GSP_STAGE_ORDER.join(' → ')}.`,
      'stage',
    );
  }
  const previous = index > 0 ? GSP_STAGE_ORDER[index - 1] : undefined;
  const previousOn = previous ? stages[previous] : undefined;
  if (previous && previousOn !== undefined && c.on < previousOn) {
    return reject(
      'GSP_STAGE_OUT_OF_ORDER',
      `${c.stage} on ${c.on} would come before ${previous} on ${previousOn}. Give a date on or after ${previousOn}.`,
      'on',
    );
  }
  if (c.repliesDueOn !== undefined) {
    if (c.stage !== 'LIST_OF_ISSUES_SENT') {
      return reject(
        'INVALID_REPLIES_DUE_ON',
        `A replies due date goes with LIST_OF_ISSUES_SENT, not with ${c.stage}. Leave repliesDueOn out.`,
        'repliesDueOn',
      );
    }
    const dueProblem = checkDate(c.repliesDueOn, 'repliesDueOn');
    if (dueProblem) return dueProblem;
    if (c.repliesDueOn < c.on) {
      return reject(
        'INVALID_REPLIES_DUE_ON',
        `The replies due date ${c.repliesDueOn} is before the list of issues was sent (${c.on}). Choose a date on or after ${c.on}.`,
        'repliesDueOn',
      );
    }
  }
  return [
    {
      type: 'GspStageRecorded',
      data: { stage: c.stage, on: c.on, ...(c.repliesDueOn !== undefined ? { repliesDueOn: c.repliesDueOn } : {}) },
    },
  ];
}

function initiateWithdrawal(state: CycleState, c: Command<'InitiateWithdrawal'>): Outcome {
  const problem = checkWithdrawalCycle(state);
  if (problem) return problem;
  if (state.withdrawal) {
    return reject(
      'WITHDRAWAL_ALREADY_INITIATED',
      `The withdrawal procedure was already initiated on ${state.withdrawal.milestones.initiatedOn}. Start a new cycle for a new procedure.`,
    );
  }
  const dateProblem = checkDate(c.initiatedOn, 'initiatedOn');
  if (dateProblem) return dateProblem;
  return [{ type: 'WithdrawalInitiated', data: { milestones: withdrawalMilestones(c.initiatedOn) } }];
}

function recordWithdrawalDecision(state: CycleState, c: Command<'RecordWithdrawalDecision'>): Outcome {
  const problem = checkWithdrawalCycle(state);
  if (problem) return problem;
  const withdrawal = state.withdrawal;
  if (!withdrawal) {
    return reject(
      'WITHDRAWAL_NOT_INITIATED',
      'The withdrawal procedure has not been initiated. Record its initiation (InitiateWithdrawal) first.',
    );
  }
  if (withdrawal.decidedOn !== undefined) {
    return reject(
      'WITHDRAWAL_ALREADY_DECIDED',
      `The final decision was already recorded on ${withdrawal.decidedOn} (${withdrawal.withdrawn ? 'preferences withdrawn' : 'preferences kept'}).`,
    );
  }
  const dateProblem = checkDate(c.decidedOn, 'decidedOn');
  if (dateProblem) return dateProblem;
  const { initiatedOn } = withdrawal.milestones;
  if (c.decidedOn < initiatedOn) {
    return reject(
      'DECISION_BEFORE_INITIATION',
      `The decision date ${c.decidedOn} is before the procedure was initiated (${initiatedOn}). Check the date.`,
      'decidedOn',
    );
  }
  if (typeof c.withdrawn !== 'boolean') {
    return reject(
      'INVALID_DECISION',
      'Say whether the preferences are withdrawn: withdrawn must be true or false.',
      'withdrawn',
    );
  }
  return [
    {
      type: 'WithdrawalDecisionRecorded',
      data: {
        decidedOn: c.decidedOn,
        withdrawn: c.withdrawn,
        milestones: withdrawalMilestones(initiatedOn, c.decidedOn),
      },
    },
  ];
}

/** The need-to-know store's references: "case-" and a lower-case UUID, nothing that could name anyone. */
const CASE_REF = /^case-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function checkCaseRef(value: unknown): DomainError | undefined {
  return typeof value === 'string' && CASE_REF.test(value)
    ? undefined
    : reject(
        'INVALID_CASE_REF',
        'An individual case is referred to by its opaque reference ("case-" followed by a UUID), never by anything about the person.',
        'caseRef',
      );
}

function attachIndividualCase(state: CycleState, c: Command<'AttachIndividualCase'>): Outcome {
  const ap = actionPointOf(state, c.actionPointId);
  if (!ap) return unknownActionPoint(c.actionPointId);
  const refProblem = checkCaseRef(c.caseRef);
  if (refProblem) return refProblem;
  if (ap.individualCase) {
    return reject(
      'CASE_ALREADY_ATTACHED',
      `Action point ${ap.actionPointId} already carries individual case ${ap.individualCase.caseRef}${ap.individualCase.erased ? ' (erased)' : ''}; an action point concerns one case.`,
      'caseRef',
    );
  }
  if (isFinal(ap)) return actionPointFinal(ap, 'given an individual case');
  return [{ type: 'IndividualCaseAttached', data: { actionPointId: ap.actionPointId, caseRef: c.caseRef } }];
}

function eraseIndividualCase(state: CycleState, c: Command<'EraseIndividualCase'>): Outcome {
  const ap = actionPointOf(state, c.actionPointId);
  if (!ap) return unknownActionPoint(c.actionPointId);
  const refProblem = checkCaseRef(c.caseRef);
  if (refProblem) return refProblem;
  if (ap.individualCase?.caseRef !== c.caseRef) {
    return reject(
      'UNKNOWN_CASE',
      `Action point ${ap.actionPointId} carries no individual case ${c.caseRef}.`,
      'caseRef',
    );
  }
  if (ap.individualCase.erased) {
    return reject(
      'CASE_ALREADY_ERASED',
      `Individual case ${c.caseRef} was already erased on ${ap.individualCase.erased.at}.`,
      'caseRef',
    );
  }
  return [{ type: 'IndividualCaseErased', data: { actionPointId: ap.actionPointId, caseRef: c.caseRef } }];
}

/** Whether some action point still carries a case whose erasure the cycle must be able to record. */
export function hasLiveIndividualCase(state: CycleState): boolean {
  return Object.values(state.actionPoints).some((ap) => ap.individualCase !== undefined && !ap.individualCase.erased);
}

function sendReminder(state: CycleState, c: Command<'SendReminder'>, metadata: CommandMetadata): Outcome {
  const key = typeof c.reminderKey === 'string' ? c.reminderKey : '';
  const problem = reminderPendingProblem(state, key);
  const reminder = describeReminder(state, key);
  if (problem || !reminder)
    return reject('REMINDER_NOT_PENDING', problem ?? `Reminder "${key}" is not pending.`, 'reminderKey');
  if (instantMillis(reminder.dueAt) > instantMillis(metadata.issuedAt)) {
    return reject(
      'REMINDER_NOT_DUE',
      `Reminder "${key}" is due at ${reminder.dueAt}, not yet at ${metadata.issuedAt}; it will be sent then.`,
      'reminderKey',
    );
  }
  return [{ type: 'ReminderSent', data: reminder }];
}

// ---- checks shared by several commands ----

/** Validates the given terms (all of them when `required`); returns normalised values or the first problem. */
function checkTerms(
  input: Record<string, unknown> | ActionPointTerms,
  round: RoundState | undefined,
  required: boolean,
): { values: Partial<ActionPointTerms> } | DomainError {
  const raw = input as Record<string, unknown>;
  const values: Partial<ActionPointTerms> = {};
  const given = (key: keyof ActionPointTerms) => required || raw[key] !== undefined;

  if (given('text')) {
    const problem = checkText(raw['text'], 'text', 'the action point');
    if (problem) return problem;
    values.text = (raw['text'] as string).trim();
  }
  if (given('owner')) {
    if (!(OWNERS as readonly unknown[]).includes(raw['owner'])) {
      return reject(
        'INVALID_OWNER',
        `"${String(raw['owner'])}" is not an owner. Choose PARTNER (partner authorities), EU or JOINT.`,
        'owner',
      );
    }
    values.owner = raw['owner'] as ActionPointOwner;
  }
  if (given('deadline')) {
    const deadline = raw['deadline'];
    const problem = checkDate(deadline, 'deadline');
    if (problem) return problem;
    const roundDate = round ? (round.heldOn ?? round.date) : undefined;
    if (round && roundDate !== undefined && (deadline as string) < roundDate) {
      return reject(
        'DEADLINE_BEFORE_ROUND_DATE',
        `The deadline ${String(deadline)} is before the round's date ${roundDate} (round ${round.roundId}). Choose a deadline on or after the round.`,
        'deadline',
      );
    }
    values.deadline = deadline as string;
  }
  if (given('priority')) {
    if (!(PRIORITIES as readonly unknown[]).includes(raw['priority'])) {
      return reject(
        'INVALID_PRIORITY',
        `"${String(raw['priority'])}" is not a priority. Choose HIGH, MEDIUM or LOW.`,
        'priority',
      );
    }
    values.priority = raw['priority'] as Priority;
  }
  if (given('themes')) {
    const themes = raw['themes'];
    if (!Array.isArray(themes) || themes.length === 0) {
      return reject(
        'NO_THEME',
        'Give at least one EU Action Plan theme (e.g. "I.C" for civic space) so the action point can be reported on.',
        'themes',
      );
    }
    const unknown = themes.filter((code) => !isThemeCode(code));
    if (unknown.length > 0) {
      return reject(
        'UNKNOWN_THEME',
        `Unknown EU Action Plan theme ${unknown.length === 1 ? 'code' : 'codes'}: ${unknown.map(String).join(', ')}. Use the codes of the Action Plan 2020-2024, such as I.C or II.A.`,
        'themes',
      );
    }
    values.themes = unique(themes as string[]);
  }
  if (given('conventions')) {
    const conventions = raw['conventions'] ?? [];
    if (!Array.isArray(conventions)) {
      return reject(
        'UNKNOWN_CONVENTION',
        'GSP+ conventions must be a list of ids such as ICCPR or ILO-C087 (it may be empty).',
        'conventions',
      );
    }
    const unknown = conventions.filter((id) => !isConventionId(id));
    if (unknown.length > 0) {
      return reject(
        'UNKNOWN_CONVENTION',
        `Unknown GSP+ convention ${unknown.length === 1 ? 'id' : 'ids'}: ${unknown.map(String).join(', ')}. Use the ids of Annex VIII, such as ICCPR, CAT or ILO-C087.`,
        'conventions',
      );
    }
    values.conventions = unique(conventions as string[]);
  }
  if (given('unReferences')) {
    const references = raw['unReferences'] ?? [];
    const checked = checkUnReferences(references);
    if (!Array.isArray(checked)) return checked;
    values.unReferences = checked;
  }
  return { values };
}

function checkUnReferences(references: unknown): UnReference[] | DomainError {
  const problem = (message: string) => reject('INVALID_UN_REFERENCE', message, 'unReferences');
  if (!Array.isArray(references)) return problem('UN references must be a list (it may be empty).');
  const checked: UnReference[] = [];
  for (const [i, ref] of references.entries()) {
    const which = `UN reference ${i + 1}`;
    if (!isRecord(ref)) return problem(`${which} must give a mechanism and a text.`);
    if (!(UN_MECHANISMS as readonly unknown[]).includes(ref['mechanism'])) {
      return problem(
        `${which}: "${String(ref['mechanism'])}" is not a UN mechanism. Choose ${UN_MECHANISMS.join(', ')}.`,
      );
    }
    const text = ref['text'];
    if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_UN_REFERENCE_TEXT_LENGTH) {
      return problem(
        `${which} needs its text as published, e.g. "UPR / A/HRC/55/12 / 141.23" (at most ${MAX_UN_REFERENCE_TEXT_LENGTH} characters).`,
      );
    }
    for (const optional of ['documentSymbol', 'paragraph'] as const) {
      const value = ref[optional];
      if (value !== undefined && (typeof value !== 'string' || value.length > MAX_UN_REFERENCE_TEXT_LENGTH)) {
        return problem(`${which}: ${optional} must be a short text when given.`);
      }
    }
    checked.push({
      mechanism: ref['mechanism'] as UnMechanismKind,
      text: text.trim(),
      ...(typeof ref['documentSymbol'] === 'string' ? { documentSymbol: ref['documentSymbol'] } : {}),
      ...(typeof ref['paragraph'] === 'string' ? { paragraph: ref['paragraph'] } : {}),
    });
  }
  return checked;
}

function checkMetadata(metadata: CommandMetadata): DomainError | undefined {
  const ok =
    isRecord(metadata) &&
    typeof metadata.commandId === 'string' &&
    metadata.commandId !== '' &&
    isRecord(metadata.actor) &&
    typeof metadata.actor.userId === 'string' &&
    typeof metadata.actor.role === 'string' &&
    isInstant(metadata.issuedAt);
  return ok
    ? undefined
    : reject(
        'INVALID_METADATA',
        'The command metadata must give a command id, the actor (user id and role) and issuedAt as an ISO 8601 instant with its offset, e.g. 2026-03-01T09:00:00.000Z.',
        'metadata',
      );
}

function checkId(value: unknown, field: string, what: string): DomainError | undefined {
  return typeof value === 'string' && ID.test(value)
    ? undefined
    : reject(
        'INVALID_ID',
        `${JSON.stringify(value ?? null)} is not a valid ${what} id: use 1 to 100 letters, digits, ".", "_", ":" or "-", starting with a letter or digit.`,
        field,
      );
}

function checkDate(value: unknown, field: string): DomainError | undefined {
  return isLocalDate(value)
    ? undefined
    : reject(
        'INVALID_DATE',
        `${field} ${JSON.stringify(value ?? null)} is not a calendar date. Write it YYYY-MM-DD, e.g. 2026-03-15.`,
        field,
      );
}

function checkTitle(value: unknown, field: string, what: string): DomainError | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    return reject('INVALID_TITLE', `Give ${what} a title (at most ${MAX_TITLE_LENGTH} characters).`, field);
  }
  if (value.trim().length > MAX_TITLE_LENGTH) {
    return reject(
      'INVALID_TITLE',
      `The title of ${what} has ${value.trim().length} characters; shorten it to at most ${MAX_TITLE_LENGTH}.`,
      field,
    );
  }
  return undefined;
}

function checkText(value: unknown, field: string, what: string, mayBeEmpty = false): DomainError | undefined {
  if (typeof value !== 'string' || (!mayBeEmpty && value.trim() === '')) {
    return reject('INVALID_TEXT', `The text of ${what} is empty. Say what it is about.`, field);
  }
  if (value.trim().length > MAX_TEXT_LENGTH) {
    return reject(
      'INVALID_TEXT',
      `The text of ${what} has ${value.trim().length} characters; shorten it to at most ${MAX_TEXT_LENGTH}.`,
      field,
    );
  }
  return undefined;
}

function checkReason(value: unknown, doing: string): DomainError | undefined {
  if (typeof value === 'string' && value.trim() !== '' && value.trim().length <= MAX_TEXT_LENGTH) return undefined;
  return reject(
    'REASON_REQUIRED',
    `Give a reason for ${doing} (at most ${MAX_TEXT_LENGTH} characters); it is kept in the cycle's history.`,
    'reason',
  );
}

function checkWithdrawalCycle(state: CycleState): DomainError | undefined {
  return state.cycleType === 'GSP_WITHDRAWAL_PROCEDURE'
    ? undefined
    : reject(
        'NOT_A_WITHDRAWAL_PROCEDURE',
        `Withdrawal steps are recorded only on GSP withdrawal procedure cycles; cycle ${state.cycleId} is a ${state.cycleType} cycle.`,
      );
}

// ---- lookups and messages ----

function roundOf(state: CycleState, roundId: unknown): RoundState | undefined {
  return typeof roundId === 'string' && Object.hasOwn(state.rounds, roundId) ? state.rounds[roundId] : undefined;
}

function actionPointOf(state: CycleState, actionPointId: unknown): ActionPointState | undefined {
  return typeof actionPointId === 'string' && Object.hasOwn(state.actionPoints, actionPointId)
    ? state.actionPoints[actionPointId]
    : undefined;
}

function openActionPoints(state: CycleState): ActionPointState[] {
  return Object.values(state.actionPoints).filter((ap) => OPEN_STATUSES.includes(ap.status));
}

function isFinal(ap: ActionPointState): boolean {
  return !OPEN_STATUSES.includes(ap.status);
}

function unknownRound(state: CycleState, roundId: unknown, field: string): DomainError {
  const known =
    state.roundOrder.length > 0 ? `Known rounds: ${listIds(state.roundOrder)}.` : 'No round is scheduled yet.';
  return reject(
    'UNKNOWN_ROUND',
    `There is no round ${String(roundId)} in this cycle. ${known} Schedule it first if needed.`,
    field,
  );
}

function roundClosed(round: RoundState): DomainError {
  return reject(
    'ROUND_ALREADY_CLOSED',
    `Round ${round.roundId} is closed; its open action points were carried over. Work in the next round instead.`,
    'roundId',
  );
}

function unknownActionPoint(actionPointId: unknown): DomainError {
  return reject(
    'UNKNOWN_ACTION_POINT',
    `There is no action point ${String(actionPointId)} in this cycle. Check the id.`,
    'actionPointId',
  );
}

function actionPointFinal(ap: ActionPointState, verb: string): DomainError {
  return reject(
    'ACTION_POINT_FINAL',
    `Action point ${ap.actionPointId} is ${describeStatus(ap.status)} and can no longer be ${verb}. Propose a new action point if more is needed.`,
    'actionPointId',
  );
}

function notAgreed(ap: ActionPointState, todo: string): DomainError {
  return reject(
    'ACTION_POINT_NOT_AGREED',
    `Action point ${ap.actionPointId} is only proposed. Agree it before you ${todo}.`,
    'actionPointId',
  );
}

function describeStatus(status: ActionPointStatus): string {
  return status.toLowerCase().replace(/_/g, ' ');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function listIds(ids: readonly string[], max = 10): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}

function normalizedPolicy(policy: ReminderPolicy): ReminderPolicy {
  return {
    beforeDeadline: policy.beforeDeadline.map((s) => ({ offset: s.offset, recipientRole: s.recipientRole })),
    onDeadline: policy.onDeadline ? { recipientRole: policy.onDeadline.recipientRole } : null,
    escalations: policy.escalations.map((s) => ({ offset: s.offset, recipientRole: s.recipientRole })),
    localTime: policy.localTime,
  };
}

function isHttpUrl(value: unknown): boolean {
  return typeof value === 'string' && value.length <= MAX_URL_LENGTH && HTTP_URL.test(value);
}

function unique<T>(values: readonly T[]): T[] {
  return values.filter((value, i) => values.indexOf(value) === i);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reject(code: RejectionCode, message: string, field?: string): DomainError {
  return field === undefined ? { code, message } : { code, message, field };
}
