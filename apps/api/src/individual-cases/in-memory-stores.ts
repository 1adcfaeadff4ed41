import type { WrappedKey } from './envelope';
import {
  CREATOR_GRANT_REASON,
  type CaseKeyStore,
  type CaseRepository,
  type GrantAuditEntry,
  type GrantRecord,
  type NewCase,
  type PendingRevocation,
  type ReadAuditEntry,
  type RecordedRead,
  type StoredCase,
} from './case-stores';

/** In-memory stand-ins for the two stores (unit tests), with the same all-or-nothing behaviour. */
export class InMemoryCaseRepository implements CaseRepository {
  readonly cases = new Map<string, StoredCase>();
  readonly grants = new Map<string, Array<GrantRecord & { caseRef: string }>>();
  readonly audit: Array<RecordedRead & { caseRef: string }> = [];
  readonly erasureReasons = new Map<string, string>();
  readonly grantAudit: Array<GrantAuditEntry & { caseRef: string }> = [];
  private readonly pending = new Map<string, PendingRevocation>();

  async create(record: NewCase): Promise<void> {
    if (this.cases.has(record.caseRef)) throw new Error('duplicate case');
    this.cases.set(record.caseRef, { ...record, createdAt: new Date(), erasedAt: null, erasedBy: null });
    await this.grant(record.caseRef, record.createdBy, record.createdBy, CREATOR_GRANT_REASON);
  }

  async remove(caseRef: string): Promise<void> {
    this.cases.delete(caseRef);
    this.grants.delete(caseRef);
  }

  async find(caseRef: string): Promise<StoredCase | undefined> {
    return this.cases.get(caseRef);
  }

  private active(caseRef: string, userId: string) {
    return (this.grants.get(caseRef) ?? []).find((g) => g.userId === userId && g.revokedAt === null);
  }

  async readAudited<T>(
    caseRef: string,
    entry: ReadAuditEntry,
    open: (stored: StoredCase | undefined, granted: boolean) => Promise<T>,
  ): Promise<T> {
    const stored = this.cases.get(caseRef);
    const result = await open(stored, Boolean(stored && this.active(caseRef, entry.userId)));
    this.audit.push({ ...entry, caseRef, readAt: new Date() });
    return result;
  }

  async grant(caseRef: string, userId: string, grantedBy: string, reason: string): Promise<boolean> {
    if (this.active(caseRef, userId)) return false;
    const list = this.grants.get(caseRef) ?? [];
    list.push({ caseRef, userId, grantedBy, grantedAt: new Date(), revokedAt: null, revokedBy: null });
    this.grants.set(caseRef, list);
    this.grantAudit.push({ caseRef, action: 'GRANTED', userId, actor: grantedBy, reason, at: new Date() });
    return true;
  }

  async revoke(caseRef: string, userId: string, revokedBy: string, reason: string): Promise<boolean> {
    this.pending.delete(`${caseRef}/${userId}`);
    const grant = this.active(caseRef, userId);
    if (!grant) return false;
    grant.revokedAt = new Date();
    grant.revokedBy = revokedBy;
    this.grantAudit.push({ caseRef, action: 'REVOKED', userId, actor: revokedBy, reason, at: new Date() });
    return true;
  }

  async hasActiveGrant(caseRef: string, userId: string): Promise<boolean> {
    return Boolean(this.active(caseRef, userId));
  }

  async requestRevocation(
    caseRef: string,
    userId: string,
    requestedBy: string,
    reason: string,
  ): Promise<PendingRevocation> {
    const key = `${caseRef}/${userId}`;
    const existing = this.pending.get(key);
    if (existing) return existing;
    const request = { requestedBy, reason, requestedAt: new Date() };
    this.pending.set(key, request);
    this.grantAudit.push({
      caseRef,
      action: 'REVOCATION_REQUESTED',
      userId,
      actor: requestedBy,
      reason,
      at: new Date(),
    });
    return request;
  }

  async pendingRevocation(caseRef: string, userId: string): Promise<PendingRevocation | undefined> {
    return this.pending.get(`${caseRef}/${userId}`);
  }

  async grantAuditOf(caseRef: string): Promise<GrantAuditEntry[]> {
    return this.grantAudit
      .filter((e) => e.caseRef === caseRef)
      .map((e) => ({ action: e.action, userId: e.userId, actor: e.actor, reason: e.reason, at: e.at }));
  }

  async erase(caseRef: string, erasedBy: string, reason: string, shred: () => Promise<void>): Promise<void> {
    const stored = this.cases.get(caseRef);
    if (!stored) throw new Error('no such case');
    await shred();
    this.cases.set(caseRef, { ...stored, sealed: null, erasedAt: new Date(), erasedBy });
    this.erasureReasons.set(caseRef, reason);
  }

  async readsOf(caseRef: string): Promise<RecordedRead[]> {
    return this.audit
      .filter((r) => r.caseRef === caseRef)
      .map((r) => ({ userId: r.userId, role: r.role, reason: r.reason, what: r.what, readAt: r.readAt }));
  }

  async grantsOf(caseRef: string): Promise<GrantRecord[]> {
    return (this.grants.get(caseRef) ?? []).map((g) => ({
      userId: g.userId,
      grantedBy: g.grantedBy,
      grantedAt: g.grantedAt,
      revokedAt: g.revokedAt,
      revokedBy: g.revokedBy,
    }));
  }
}

export class InMemoryCaseKeyStore implements CaseKeyStore {
  readonly keys = new Map<string, WrappedKey>();

  async put(caseRef: string, key: WrappedKey): Promise<void> {
    if (this.keys.has(caseRef)) throw new Error('duplicate key');
    this.keys.set(caseRef, key);
  }

  async get(caseRef: string): Promise<WrappedKey | undefined> {
    return this.keys.get(caseRef);
  }

  async delete(caseRef: string): Promise<void> {
    this.keys.delete(caseRef);
  }
}
