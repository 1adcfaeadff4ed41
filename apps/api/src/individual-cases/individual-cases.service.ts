import { Inject, Injectable } from '@nestjs/common';
import { CommandRejectedError } from '@suivi/temporal';
import type { Logger } from 'pino';
import { ForbiddenProblem } from '../auth/forbidden.problem';
import { readsAllCountries, type Principal } from '../auth/principal';
import { ProblemDetailsException } from '../common/problem-details';
import { rejectionStatus } from '../cycle-commands/rejection-status';
import { ROOT_LOGGER } from '../logging/root-logger';
import { CASE_CYCLES, type CaseCycles } from './case-cycles';
import { maySeeCase, mayAuditCase, mayManageCase, mayRevealCase } from './case-permissions';
import { newCaseRef, type CaseContent, type Reveal } from './case-schemas';
import {
  CASE_KEY_STORE,
  CASE_REPOSITORY,
  MASTER_KEYS,
  type CaseKeyStore,
  type CaseRepository,
  type GrantAction,
  type StoredCase,
} from './case-stores';
import { newDataKey, openContent, sealContent, unwrapDataKey, wrapDataKey, type MasterKeyRing } from './envelope';

/** The view everyone in the country's scope gets: where the case sits, never who it is about. */
export interface RedactedCase {
  caseRef: string;
  cycleId: string;
  actionPointId: string;
  country: string;
  createdAt: string;
  erased: boolean;
  erasedAt?: string;
}

export type RevealedCase = { caseRef: string; name: string; details?: CaseContent['details'] };

export interface CaseAudit {
  caseRef: string;
  reads: Array<{ userId: string; role: string; readAt: string; reason: string; what: Reveal }>;
  grants: Array<{ userId: string; grantedBy: string; grantedAt: string; revokedAt?: string; revokedBy?: string }>;
  /** Every grant, revocation request and revocation, in order, with its reason (append-only). */
  grantChanges: Array<{ action: GrantAction; userId: string; by: string; reason: string; at: string }>;
}

/** What a revocation did: revoked, nothing to revoke, or waiting for a second person. */
export type RevocationOutcome =
  | { outcome: 'revoked' | 'none' }
  | { outcome: 'pending'; requestedBy: string; requestedAt: string };

/** Unknown to readers of every country; to a scoped user, indistinguishable from another country's case. */
const notFoundFor = (principal: Principal) =>
  readsAllCountries(principal)
    ? new ProblemDetailsException(404, 'There is no such individual case.', { code: 'CASE_NOT_FOUND' })
    : new ForbiddenProblem();

const gone = () =>
  new ProblemDetailsException(410, 'This individual case was erased; its content no longer exists.', {
    code: 'CASE_ERASED',
  });

const normalise = (text: string) => text.toLocaleLowerCase().replace(/\s+/g, ' ').trim();

/** Reasons are kept in clear (auditors read them): they must not become a copy of the name. */
function refuseReasonNaming(reason: string, personName: string): void {
  const name = normalise(personName);
  if (name.length >= 3 && normalise(reason).includes(name)) {
    throw new ProblemDetailsException(422, 'The reason must not contain the name of the person.', {
      code: 'REASON_NAMES_PERSON',
      errors: [{ parameter: 'reason', detail: 'must not contain the name of the person' }],
    });
  }
}

/**
 * The need-to-know store of individual cases (ADR 0012): contents sealed under a key per case,
 * keys in a separate store, reads granted case by case and audited, erasure by deleting the key.
 */
@Injectable()
export class IndividualCasesService {
  constructor(
    @Inject(CASE_REPOSITORY) private readonly cases: CaseRepository,
    @Inject(CASE_KEY_STORE) private readonly keys: CaseKeyStore,
    @Inject(MASTER_KEYS) private readonly ring: MasterKeyRing,
    @Inject(CASE_CYCLES) private readonly cycles: CaseCycles,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Stores the case sealed, grants it to its creator, then attaches its reference to the action
   * point. A refusal by the cycle removes the case and its key: nothing is left dangling.
   */
  async create(
    principal: Principal,
    cycleId: string,
    actionPointId: string,
    content: CaseContent,
  ): Promise<{ caseRef: string; cycleId: string; version: number }> {
    const country = await this.cycles.authorizeAttach(principal, cycleId);
    const caseRef = newCaseRef();
    const dataKey = newDataKey();
    try {
      await this.keys.put(caseRef, wrapDataKey(this.ring, caseRef, dataKey));
      await this.cases
        .create({
          caseRef,
          cycleId,
          actionPointId,
          country,
          sealed: sealContent(dataKey, caseRef, content),
          createdBy: principal.userId,
        })
        .catch(async (error: unknown) => {
          await this.keys.delete(caseRef).catch(() => undefined);
          throw error;
        });
    } finally {
      dataKey.fill(0);
    }
    let version: number;
    try {
      ({ version } = await this.cycles.send(principal, cycleId, {
        type: 'AttachIndividualCase',
        actionPointId,
        caseRef,
      }));
    } catch (error) {
      // Any other failure leaves the outcome unknown (the Update may have been applied): the case stays.
      if (!(error instanceof CommandRejectedError)) throw error;
      await this.keys.delete(caseRef);
      await this.cases.remove(caseRef);
      const status = rejectionStatus(error.reason.code);
      if (status === 500) throw error;
      throw new ProblemDetailsException(status, error.reason.message, { code: error.reason.code });
    }
    return { caseRef, cycleId, version };
  }

  /** Where the case sits and whether it was erased; nothing about the person, so not audited. */
  async redacted(principal: Principal, caseRef: string): Promise<RedactedCase> {
    const stored = await this.visible(principal, caseRef);
    return {
      caseRef,
      cycleId: stored.cycleId,
      actionPointId: stored.actionPointId,
      country: stored.country,
      createdAt: stored.createdAt.toISOString(),
      erased: stored.erasedAt !== null,
      ...(stored.erasedAt && { erasedAt: stored.erasedAt.toISOString() }),
    };
  }

  /**
   * The name (or name and details) for a granted reader. The audit entry and the decision are one
   * transaction: a read that returns content leaves exactly one entry, a refused one none.
   */
  async reveal(principal: Principal, caseRef: string, what: Reveal, reason: string): Promise<RevealedCase> {
    const entry = { userId: principal.userId, role: principal.role, reason, what };
    return this.cases.readAudited(caseRef, entry, async (stored, granted) => {
      if (!stored) throw notFoundFor(principal);
      if (!mayRevealCase(principal, stored.country, granted)) {
        // Who tried, on which case; never the reason (free text).
        this.logger.warn({ caseRef, userId: principal.userId, role: principal.role }, 'individual case read refused');
        throw new ForbiddenProblem();
      }
      const content = await this.open(stored);
      refuseReasonNaming(reason, content.name);
      return what === 'name'
        ? { caseRef, name: content.name }
        : { caseRef, name: content.name, details: content.details };
    });
  }

  /**
   * True when the grant is new, false when the user already held one. Nobody widens their own
   * need to know: a grant to oneself is refused, whoever asks (issue 14).
   */
  async grant(principal: Principal, caseRef: string, userId: string, reason: string): Promise<boolean> {
    const stored = await this.manageable(principal, caseRef);
    if (userId === principal.userId) {
      throw new ProblemDetailsException(
        403,
        'Nobody may grant themself access to an individual case: ask a colleague.',
        {
          code: 'SELF_GRANT',
        },
      );
    }
    await this.refuseReasonNamingPerson(stored, reason);
    return this.cases.grant(caseRef, userId, principal.userId, reason);
  }

  /**
   * Revokes a grant. The desk officer who attached the case keeps access unless a second person
   * confirms: the first revocation of their grant by someone else is recorded as a request
   * (pending), the revocation by another person carries it out. Everything is audited.
   */
  async revoke(principal: Principal, caseRef: string, userId: string, reason: string): Promise<RevocationOutcome> {
    const stored = await this.manageable(principal, caseRef, true);
    await this.refuseReasonNamingPerson(stored, reason);
    const attacherByAnother = userId === stored.createdBy && principal.userId !== stored.createdBy;
    if (attacherByAnother && (await this.cases.hasActiveGrant(caseRef, userId))) {
      const pending = await this.cases.pendingRevocation(caseRef, userId);
      if (!pending || pending.requestedBy === principal.userId) {
        const request = pending ?? (await this.cases.requestRevocation(caseRef, userId, principal.userId, reason));
        return { outcome: 'pending', requestedBy: request.requestedBy, requestedAt: request.requestedAt.toISOString() };
      }
    }
    return { outcome: (await this.cases.revoke(caseRef, userId, principal.userId, reason)) ? 'revoked' : 'none' };
  }

  /**
   * Crypto-shredding: deletes the case's key (the content, wherever a copy of the ciphertext
   * went, can no longer be opened), blanks the ciphertext, then records the erasure on the
   * action point. Repeating it re-sends the record, for when the cycle could not be reached.
   */
  async erase(principal: Principal, caseRef: string, reason: string): Promise<void> {
    const stored = await this.manageable(principal, caseRef, true);
    if (!stored.erasedAt) {
      // A missing key means erased already (a crash between the two databases); any other
      // failure (key store down, a key that does not open) stops the erasure, reported.
      const content = await this.open(stored).catch((error: unknown) => {
        if (error instanceof ProblemDetailsException && error.getStatus() === 410) return undefined;
        throw error;
      });
      if (content) refuseReasonNaming(reason, content.name);
    }
    if (!stored.erasedAt) await this.cases.erase(caseRef, principal.userId, reason, () => this.keys.delete(caseRef));
    try {
      await this.cycles.send(principal, stored.cycleId, {
        type: 'EraseIndividualCase',
        actionPointId: stored.actionPointId,
        caseRef,
      });
    } catch (error) {
      if (!(error instanceof CommandRejectedError)) throw error;
      // The content is gone whatever the cycle answers (e.g. the erasure was already recorded).
      this.logger.warn({ caseRef, code: error.reason.code }, 'cycle refused to record an individual case erasure');
    }
  }

  async audit(principal: Principal, caseRef: string): Promise<CaseAudit> {
    if (!mayAuditCase(principal)) throw new ForbiddenProblem();
    await this.visible(principal, caseRef);
    const [reads, grants, changes] = await Promise.all([
      this.cases.readsOf(caseRef),
      this.cases.grantsOf(caseRef),
      this.cases.grantAuditOf(caseRef),
    ]);
    return {
      caseRef,
      reads: reads.map((r) => ({
        userId: r.userId,
        role: r.role,
        readAt: r.readAt.toISOString(),
        reason: r.reason,
        what: r.what,
      })),
      grants: grants.map((g) => ({
        userId: g.userId,
        grantedBy: g.grantedBy,
        grantedAt: g.grantedAt.toISOString(),
        ...(g.revokedAt && { revokedAt: g.revokedAt.toISOString() }),
        ...(g.revokedBy && { revokedBy: g.revokedBy }),
      })),
      grantChanges: changes.map((c) => ({
        action: c.action,
        userId: c.userId,
        by: c.actor,
        reason: c.reason,
        at: c.at.toISOString(),
      })),
    };
  }

  /** Grant reasons are kept in clear for auditors, as read reasons are: they must not name the person. */
  private async refuseReasonNamingPerson(stored: StoredCase, reason: string): Promise<void> {
    if (stored.erasedAt) return;
    const content = await this.open(stored);
    refuseReasonNaming(reason, content.name);
  }

  private async visible(principal: Principal, caseRef: string): Promise<StoredCase> {
    const stored = await this.cases.find(caseRef);
    if (!stored || !maySeeCase(principal, stored.country)) throw notFoundFor(principal);
    return stored;
  }

  private async manageable(principal: Principal, caseRef: string, evenErased = false): Promise<StoredCase> {
    const stored = await this.visible(principal, caseRef);
    if (!mayManageCase(principal, stored.country)) throw new ForbiddenProblem();
    if (stored.erasedAt && !evenErased) throw gone();
    return stored;
  }

  private async open(stored: StoredCase): Promise<CaseContent> {
    if (stored.erasedAt || !stored.sealed) throw gone();
    const wrapped = await this.keys.get(stored.caseRef);
    // No key: erased, the main database's record of it not yet written.
    if (!wrapped) throw gone();
    const dataKey = unwrapDataKey(this.ring, stored.caseRef, wrapped);
    try {
      return openContent(dataKey, stored.caseRef, stored.sealed) as CaseContent;
    } finally {
      dataKey.fill(0);
    }
  }
}
