import type {
  ActionPointOwner,
  Assessment,
  CycleType,
  GspStage,
  LocalDate,
  Priority,
  ReminderPolicy,
  UnReference,
} from './cycle-types';

/** Fields an action point carries; all required when proposed, any subset when amended. */
export interface ActionPointTerms {
  text: string;
  owner: ActionPointOwner;
  deadline: LocalDate;
  priority: Priority;
  /** Action Plan codes, e.g. "I.C" (reference-data/action-plan-taxonomy). At least one. */
  themes: string[];
  /** GSP+ convention ids, e.g. "ICCPR" (reference-data/gsp-conventions). */
  conventions: string[];
  unReferences: UnReference[];
}

export type CycleCommand =
  | {
      type: 'StartCycle';
      cycleId: string;
      cycleType: CycleType;
      /** ISO 3166-1 alpha-2, or a regional body code such as "AU". */
      country: string;
      title: string;
      /** IANA time zone of the delegation, e.g. "Asia/Phnom_Penh". */
      timeZone: string;
      /** Overrides the cycle type's default policy, wholly or in part. */
      reminderPolicy?: Partial<ReminderPolicy>;
    }
  /** Without `roundId` the cycle assigns the next free one: R1, R2, ... */
  | { type: 'ScheduleRound'; roundId?: string; date: LocalDate; title?: string }
  | { type: 'RecordRoundHeld'; roundId: string; heldOn: LocalDate }
  /** Without `actionPointId` the cycle assigns the next free one: AP1, AP2, ... */
  | ({ type: 'ProposeActionPoint'; actionPointId?: string; roundId: string } & ActionPointTerms)
  /** An action point agreed at the meeting: proposed and agreed in one command, both events at once. */
  | ({ type: 'RecordAgreedActionPoint'; actionPointId?: string; roundId: string } & ActionPointTerms)
  | { type: 'AgreeActionPoint'; actionPointId: string }
  | { type: 'AmendActionPoint'; actionPointId: string; changes: Partial<ActionPointTerms>; reason: string }
  | { type: 'WithdrawActionPoint'; actionPointId: string; reason: string }
  | {
      type: 'ReportProgress';
      actionPointId: string;
      /** Without it the cycle assigns the action point's next free one: PR1, PR2, ... */
      reportId?: string;
      text: string;
      evidenceLinks: string[];
      reportedOn: LocalDate;
    }
  | { type: 'AssessActionPoint'; actionPointId: string; assessment: Assessment; comment?: string }
  /**
   * Open action points move to `nextRoundId` (a scheduled, not yet closed round), or to
   * `nextRound`, scheduled by the same command (its id assigned when absent).
   */
  | {
      type: 'CloseRound';
      roundId: string;
      nextRoundId?: string;
      nextRound?: { roundId?: string; date: LocalDate; title?: string };
    }
  | { type: 'CloseCycle'; reason?: string }
  | { type: 'CancelCycle'; reason: string }
  /** GSP+ / EBA cycles only. `repliesDueOn` goes with LIST_OF_ISSUES_SENT. */
  | { type: 'RecordGspStage'; stage: GspStage; on: LocalDate; repliesDueOn?: LocalDate }
  /** GSP_WITHDRAWAL_PROCEDURE cycles only. */
  | { type: 'InitiateWithdrawal'; initiatedOn: LocalDate }
  | { type: 'RecordWithdrawalDecision'; decidedOn: LocalDate; withdrawn: boolean }
  /**
   * Links an action point to a case of the need-to-know store by its opaque reference
   * ("case-" + UUID). Who the case is about never reaches the cycle.
   */
  | { type: 'AttachIndividualCase'; actionPointId: string; caseRef: string }
  /** Records that the case's key was destroyed; accepted on closed and cancelled cycles too. */
  | { type: 'EraseIndividualCase'; actionPointId: string; caseRef: string }
  /** Issued by the cycle workflow's timer, never by a person. */
  | { type: 'SendReminder'; reminderKey: string };

export type CycleCommandType = CycleCommand['type'];
