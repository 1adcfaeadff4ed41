import type { Role } from '../auth/principal';
import type { Reveal } from './case-schemas';
import type { SealedContent, WrappedKey } from './envelope';

/** A case as the main database holds it: its place, and its content only sealed. */
export interface StoredCase {
  caseRef: string;
  cycleId: string;
  actionPointId: string;
  country: string;
  /** Null once erased. */
  sealed: SealedContent | null;
  createdAt: Date;
  createdBy: string;
  erasedAt: Date | null;
  erasedBy: string | null;
}

export type NewCase = Omit<StoredCase, 'createdAt' | 'erasedAt' | 'erasedBy'> & { sealed: SealedContent };

export interface ReadAuditEntry {
  userId: string;
  role: Role;
  reason: string;
  what: Reveal;
}

export interface RecordedRead extends ReadAuditEntry {
  readAt: Date;
}

export interface GrantRecord {
  userId: string;
  grantedBy: string;
  grantedAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export type GrantAction = 'GRANTED' | 'REVOCATION_REQUESTED' | 'REVOKED';

/** One line of the append-only grant audit: whose access, who acted, why, when. */
export interface GrantAuditEntry {
  action: GrantAction;
  userId: string;
  actor: string;
  reason: string;
  at: Date;
}

/** A request to revoke the attaching desk officer's grant, waiting for a second person. */
export interface PendingRevocation {
  requestedBy: string;
  reason: string;
  requestedAt: Date;
}

/** The reason recorded with the grant its creator gets on attaching a case. */
export const CREATOR_GRANT_REASON = 'Attached the case to the action point';

/**
 * The main database's side (schema `cases`): sealed contents, grants and the read audit.
 * Implemented on PostgreSQL (PostgresCaseRepository) and in memory for unit tests.
 */
export interface CaseRepository {
  /** Stores the case and its creator's grant together. */
  create(record: NewCase): Promise<void>;
  /** Undoes `create` when the cycle refused the case (no read can have happened). */
  remove(caseRef: string): Promise<void>;
  find(caseRef: string): Promise<StoredCase | undefined>;
  /**
   * Runs `open` with the case locked against erasure and told whether `entry.userId` holds an
   * active grant; when `open` returns, `entry` is appended to the read audit in the same
   * transaction, and when it throws, nothing is written.
   */
  readAudited<T>(
    caseRef: string,
    entry: ReadAuditEntry,
    open: (stored: StoredCase | undefined, granted: boolean) => Promise<T>,
  ): Promise<T>;
  /** False when the user already held an active grant; a new grant is audited in the same transaction. */
  grant(caseRef: string, userId: string, grantedBy: string, reason: string): Promise<boolean>;
  /** False when the user held no active grant; a revocation is audited and clears a pending request. */
  revoke(caseRef: string, userId: string, revokedBy: string, reason: string): Promise<boolean>;
  hasActiveGrant(caseRef: string, userId: string): Promise<boolean>;
  /** Records (and audits) a revocation request, unless one is pending: returns the pending one either way. */
  requestRevocation(caseRef: string, userId: string, requestedBy: string, reason: string): Promise<PendingRevocation>;
  pendingRevocation(caseRef: string, userId: string): Promise<PendingRevocation | undefined>;
  grantAuditOf(caseRef: string): Promise<GrantAuditEntry[]>;
  /**
   * Locks the case, runs `shred` (deleting its key), then blanks the sealed content and records
   * who erased it, committing only if `shred` succeeded.
   */
  erase(caseRef: string, erasedBy: string, reason: string, shred: () => Promise<void>): Promise<void>;
  readsOf(caseRef: string): Promise<RecordedRead[]>;
  grantsOf(caseRef: string): Promise<GrantRecord[]>;
}

/** The separate key store: one wrapped data key per case, deleted to erase the case. */
export interface CaseKeyStore {
  put(caseRef: string, key: WrappedKey): Promise<void>;
  get(caseRef: string): Promise<WrappedKey | undefined>;
  delete(caseRef: string): Promise<void>;
}

export const CASE_REPOSITORY = Symbol('CASE_REPOSITORY');
export const CASE_KEY_STORE = Symbol('CASE_KEY_STORE');
export const MASTER_KEYS = Symbol('MASTER_KEYS');
