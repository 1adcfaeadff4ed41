import type { CycleCommandType } from '@suivi/domain';

export const ROLES = ['desk-officer', 'delegation', 'reviewer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who calls the API, from a verified bearer token. */
export interface Principal {
  userId: string;
  role: Role;
  /** Upper-case ISO 3166-1 alpha-2 (or regional body) codes the token is scoped to. */
  countries: readonly string[];
}

/** The domain's actor role for a principal (events record it). */
export const actorRoleOf: Record<Role, 'DESK_OFFICER' | 'DELEGATION' | 'REVIEWER' | 'AUDITOR'> = {
  'desk-officer': 'DESK_OFFICER',
  delegation: 'DELEGATION',
  reviewer: 'REVIEWER',
  auditor: 'AUDITOR',
};

/** Reviewers and auditors read across countries; the other roles only their own. */
export function readsAllCountries(principal: Principal): boolean {
  return principal.role === 'reviewer' || principal.role === 'auditor';
}

export function mayRead(principal: Principal, country: string): boolean {
  return readsAllCountries(principal) || principal.countries.includes(country.toUpperCase());
}

/**
 * Which role may issue which command. Desk officers run their countries' cycles; delegations
 * report progress on their own country's action points; reviewers assess and close (any
 * country); auditors only read. SendReminder is the workflow's own and is nobody's.
 */
const COMMANDS_BY_ROLE: Record<Role, ReadonlySet<CycleCommandType>> = {
  'desk-officer': new Set<CycleCommandType>([
    'StartCycle',
    'ScheduleRound',
    'RecordRoundHeld',
    'ProposeActionPoint',
    'RecordAgreedActionPoint',
    'AgreeActionPoint',
    'AmendActionPoint',
    'WithdrawActionPoint',
    'ReportProgress',
    'CloseRound',
    'CancelCycle',
    'RecordGspStage',
    'InitiateWithdrawal',
    'RecordWithdrawalDecision',
  ]),
  delegation: new Set<CycleCommandType>(['ReportProgress']),
  reviewer: new Set<CycleCommandType>(['AssessActionPoint', 'CloseRound', 'CloseCycle']),
  auditor: new Set<CycleCommandType>(),
};

/** The roles that may issue at least one of these commands (the document says so per route). */
export function rolesAllowedTo(commands: readonly CycleCommandType[]): Role[] {
  return ROLES.filter((role) => commands.some((command) => COMMANDS_BY_ROLE[role].has(command)));
}

/** Whether the principal may issue this command on a cycle of this country. */
export function mayCommand(principal: Principal, command: CycleCommandType, country: string): boolean {
  if (!COMMANDS_BY_ROLE[principal.role].has(command)) return false;
  return principal.role === 'reviewer' || principal.countries.includes(country.toUpperCase());
}

/** Auditors see who did what; the others see the role of the actor only. */
export function seesActorIdentity(principal: Principal): boolean {
  return principal.role === 'auditor';
}
