import { mayRead, type Principal } from '../auth/principal';

/**
 * Who may do what with an individual case (ADR 0012). Every rule starts from the ordinary
 * country scope (`mayRead`); reading a name or details also needs an explicit grant on the
 * case, and is never open to auditors, who check the reads rather than make them.
 */

const inCountry = (principal: Principal, country: string) => principal.countries.includes(country.toUpperCase());

/** The redacted view (reference, place, erased or not): anyone who may read the country's cycles. */
export const maySeeCase = (principal: Principal, country: string): boolean => mayRead(principal, country);

/** The name or details: the country scope, a role that handles cases, and an active grant. */
export const mayRevealCase = (principal: Principal, country: string, granted: boolean): boolean =>
  principal.role !== 'auditor' && mayRead(principal, country) && granted;

/** Granting, revoking and erasing: the country's desk officers, and reviewers. */
export const mayManageCase = (principal: Principal, country: string): boolean =>
  principal.role === 'reviewer' || (principal.role === 'desk-officer' && inCountry(principal, country));

/** The audit of a case (reads and grants): auditors and reviewers. */
export const mayAuditCase = (principal: Principal): boolean =>
  principal.role === 'auditor' || principal.role === 'reviewer';

/** The audit log across cases (every read, grant change and erasure): auditors only. */
export const mayReadAuditLog = (principal: Principal): boolean => principal.role === 'auditor';
