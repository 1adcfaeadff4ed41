import { commandsIssuedBy, type CycleCommandType, type PersonRole } from '@suivi/domain';

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
export const actorRoleOf: Record<Role, PersonRole> = {
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

/** Which role may issue which command: the domain's catalogue says so (COMMAND_CATALOGUE). */
const issuedBy = (role: Role): ReadonlySet<CycleCommandType> => new Set(commandsIssuedBy(actorRoleOf[role]));
const COMMANDS_BY_ROLE: Record<Role, ReadonlySet<CycleCommandType>> = {
  'desk-officer': issuedBy('desk-officer'),
  delegation: issuedBy('delegation'),
  reviewer: issuedBy('reviewer'),
  auditor: issuedBy('auditor'),
};

/** The roles that may issue at least one of these commands (the document says so per route). */
export function rolesAllowedTo(commands: readonly CycleCommandType[]): Role[] {
  return ROLES.filter((role) => commands.some((command) => COMMANDS_BY_ROLE[role].has(command)));
}

/**
 * Whether the principal may issue this command on a cycle of this country: reviewers act across
 * countries, the other roles only on their own.
 */
export function mayCommand(principal: Principal, command: CycleCommandType, country: string): boolean {
  if (!COMMANDS_BY_ROLE[principal.role].has(command)) return false;
  return principal.role === 'reviewer' || principal.countries.includes(country.toUpperCase());
}

/** Auditors see who did what; the others see the role of the actor only. */
export function seesActorIdentity(principal: Principal): boolean {
  return principal.role === 'auditor';
}
