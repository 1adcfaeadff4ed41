import type { CycleCommandType } from './commands';

/** The roles of the people who use Suivi, as events record them. */
export const PERSON_ROLES = ['DESK_OFFICER', 'DELEGATION', 'REVIEWER', 'AUDITOR'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** What a command is called and who may send it: the domain's words, shown by the API and the web app. */
export interface CommandDescription {
  /**
   * The roles whose members may send it as a cycle command. Empty for the commands only Suivi sends
   * (a reminder, or a case attached or erased by the need-to-know store on someone's behalf).
   */
  issuedBy: readonly PersonRole[];
  /** What it does, for the API's document. */
  summary: string;
  /** Its name on a button or at the top of its form, in each language of the app. */
  label: { readonly en: string; readonly fr: string };
}

/**
 * One description per command, beside its schema (command-schemas.ts) and its rules (decide/):
 * the API's routes, roles and document and the web app's buttons follow from it, so a new command
 * is described here and nowhere else. Every command has one, or this file does not compile.
 *
 * Desk officers run their countries' cycles; delegations report progress on their own country's
 * action points; reviewers assess and close (any country); auditors only read.
 */
export const COMMAND_CATALOGUE: { readonly [T in CycleCommandType]: CommandDescription } = {
  StartCycle: {
    issuedBy: ['DESK_OFFICER'],
    summary: 'Start a cycle (dialogue, GSP+ or EBA monitoring, withdrawal procedure, ...)',
    label: { en: 'Start a cycle', fr: 'Ouvrir un cycle' },
  },
  ScheduleRound: {
    issuedBy: ['DESK_OFFICER'],
    summary: 'Schedule a round (a dialogue meeting); the id is assigned when left out',
    label: { en: 'Schedule a round', fr: 'Programmer une session' },
  },
  RecordRoundHeld: {
    issuedBy: ['DESK_OFFICER'],
    summary: 'Record that a round was held',
    label: { en: 'Record the round as held', fr: 'Enregistrer la tenue de la session' },
  },
  CloseRound: {
    issuedBy: ['DESK_OFFICER', 'REVIEWER'],
    summary:
      'Close a round; its open action points move to the next round (nextRoundId, or nextRound scheduled by this command)',
    label: { en: 'Close the round', fr: 'Clôturer la session' },
  },
  ProposeActionPoint: {
    issuedBy: ['DESK_OFFICER'],
    summary: 'Propose an action point in a round; the id is assigned when left out',
    label: { en: 'Propose an action point', fr: 'Proposer un point d’action' },
  },
  RecordAgreedActionPoint: {
    issuedBy: ['DESK_OFFICER'],
    summary: 'Record an action point agreed at the meeting (proposed and agreed at once)',
    label: { en: 'Record an agreed action point', fr: 'Enregistrer un point d’action convenu' },
  },
  AgreeActionPoint: {
    issuedBy: ['DESK_OFFICER'],
    summary: 'Agree a proposed action point',
    label: { en: 'Agree', fr: 'Convenir' },
  },
  AmendActionPoint: {
    issuedBy: ['DESK_OFFICER'],
    summary: 'Amend an action point (text, owner, deadline, priority, themes, ...), with a reason',
    label: { en: 'Amend', fr: 'Modifier' },
  },
  WithdrawActionPoint: {
    issuedBy: ['DESK_OFFICER'],
    summary: 'Withdraw an action point, with a reason',
    label: { en: 'Withdraw', fr: 'Retirer' },
  },
  ReportProgress: {
    issuedBy: ['DESK_OFFICER', 'DELEGATION'],
    summary: 'Report progress on an action point (text, evidence links, date); the report id is assigned when left out',
    label: { en: 'Report progress', fr: 'Signaler un progrès' },
  },
  AssessActionPoint: {
    issuedBy: ['REVIEWER'],
    summary: 'Assess an action point: completed, partially completed or not completed',
    label: { en: 'Assess', fr: 'Évaluer' },
  },
  CloseCycle: {
    issuedBy: ['REVIEWER'],
    summary: 'Close the cycle',
    label: { en: 'Close the cycle', fr: 'Clôturer le cycle' },
  },
  CancelCycle: {
    issuedBy: ['DESK_OFFICER'],
    summary: 'Cancel the cycle, with a reason',
    label: { en: 'Cancel the cycle', fr: 'Annuler le cycle' },
  },
  RecordGspStage: {
    issuedBy: ['DESK_OFFICER'],
    summary: 'Record a GSP+/EBA monitoring stage (list of issues sent, replies received, mission, ...)',
    label: { en: 'Record a GSP+ stage', fr: 'Enregistrer une étape SPG+' },
  },
  InitiateWithdrawal: {
    issuedBy: ['DESK_OFFICER'],
    summary: 'Initiate the GSP withdrawal procedure (its milestones follow from the date)',
    label: { en: 'Initiate the withdrawal procedure', fr: 'Engager la procédure de retrait' },
  },
  RecordWithdrawalDecision: {
    issuedBy: ['DESK_OFFICER'],
    summary: 'Record the final decision of the GSP withdrawal procedure',
    label: { en: 'Record the withdrawal decision', fr: 'Enregistrer la décision de retrait' },
  },
  AttachIndividualCase: {
    issuedBy: [],
    summary: 'Attach an individual case (name, details) to an action point; stored encrypted',
    label: { en: 'Attach an individual case', fr: 'Rattacher un cas individuel' },
  },
  EraseIndividualCase: {
    issuedBy: [],
    summary: 'Erase an individual case for good: its key is destroyed',
    label: { en: 'Erase the individual case', fr: 'Effacer le cas individuel' },
  },
  SendReminder: {
    issuedBy: [],
    summary: "A reminder due by the cycle's reminder policy, sent by the cycle itself",
    label: { en: 'Send a reminder', fr: 'Envoyer un rappel' },
  },
};

/** The commands a member of this role may send as cycle commands. */
export function commandsIssuedBy(role: PersonRole): CycleCommandType[] {
  return (Object.keys(COMMAND_CATALOGUE) as CycleCommandType[]).filter((type) =>
    COMMAND_CATALOGUE[type].issuedBy.includes(role),
  );
}
