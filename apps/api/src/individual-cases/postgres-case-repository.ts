import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { inTransaction } from '@suivi/postgres';
import { PostgresPoolService } from '../clients/postgres-pool.service';
import type { Role } from '../auth/principal';
import type { Reveal } from './case-schemas';
import {
  CREATOR_GRANT_REASON,
  type CaseRepository,
  type GrantAction,
  type GrantAuditEntry,
  type GrantRecord,
  type NewCase,
  type PendingRevocation,
  type ReadAuditEntry,
  type RecordedRead,
  type StoredCase,
} from './case-stores';

interface CaseRow {
  case_ref: string;
  cycle_id: string;
  action_point_id: string;
  country: string;
  ciphertext: Buffer | null;
  iv: Buffer | null;
  auth_tag: Buffer | null;
  created_at: Date;
  created_by: string;
  erased_at: Date | null;
  erased_by: string | null;
}

const CASE_COLUMNS =
  'case_ref, cycle_id, action_point_id, country, ciphertext, iv, auth_tag, created_at, created_by, erased_at, erased_by';

const toCase = (row: CaseRow): StoredCase => ({
  caseRef: row.case_ref,
  cycleId: row.cycle_id,
  actionPointId: row.action_point_id,
  country: row.country,
  sealed:
    row.ciphertext && row.iv && row.auth_tag ? { ciphertext: row.ciphertext, iv: row.iv, authTag: row.auth_tag } : null,
  createdAt: row.created_at,
  createdBy: row.created_by,
  erasedAt: row.erased_at,
  erasedBy: row.erased_by,
});

/** Schema `cases` of the API's database (apps/api/migrations). */
@Injectable()
export class PostgresCaseRepository implements CaseRepository {
  constructor(private readonly postgres: PostgresPoolService) {}

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.postgres.pool, work);
  }

  async create(record: NewCase): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(
        `INSERT INTO cases.individual_cases (case_ref, cycle_id, action_point_id, country, ciphertext, iv, auth_tag, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          record.caseRef,
          record.cycleId,
          record.actionPointId,
          record.country,
          record.sealed.ciphertext,
          record.sealed.iv,
          record.sealed.authTag,
          record.createdBy,
        ],
      );
      await client.query('INSERT INTO cases.grants (case_ref, user_id, granted_by, reason) VALUES ($1, $2, $2, $3)', [
        record.caseRef,
        record.createdBy,
        CREATOR_GRANT_REASON,
      ]);
      await auditGrant(client, record.caseRef, 'GRANTED', record.createdBy, record.createdBy, CREATOR_GRANT_REASON);
    });
  }

  async remove(caseRef: string): Promise<void> {
    // Grants go with it (ON DELETE CASCADE); the read audit keeps no foreign key and is never deleted.
    await this.postgres.pool.query('DELETE FROM cases.individual_cases WHERE case_ref = $1', [caseRef]);
  }

  async find(caseRef: string): Promise<StoredCase | undefined> {
    const { rows } = await this.postgres.pool.query<CaseRow>(
      `SELECT ${CASE_COLUMNS} FROM cases.individual_cases WHERE case_ref = $1`,
      [caseRef],
    );
    return rows[0] && toCase(rows[0]);
  }

  async readAudited<T>(
    caseRef: string,
    entry: ReadAuditEntry,
    open: (stored: StoredCase | undefined, granted: boolean) => Promise<T>,
  ): Promise<T> {
    return this.transaction(async (client) => {
      // FOR SHARE: an erasure (FOR UPDATE) waits until this read is committed or rolled back.
      const { rows } = await client.query<CaseRow & { granted: boolean }>(
        `SELECT ${CASE_COLUMNS},
                EXISTS (SELECT 1 FROM cases.grants g
                         WHERE g.case_ref = c.case_ref AND g.user_id = $2 AND g.revoked_at IS NULL) AS granted
           FROM cases.individual_cases c WHERE case_ref = $1 FOR SHARE OF c`,
        [caseRef, entry.userId],
      );
      const row = rows[0];
      const result = await open(row && toCase(row), row?.granted ?? false);
      await client.query(
        'INSERT INTO cases.read_audit (case_ref, user_id, role, reason, what) VALUES ($1, $2, $3, $4, $5)',
        [caseRef, entry.userId, entry.role, entry.reason, entry.what],
      );
      return result;
    });
  }

  async grant(caseRef: string, userId: string, grantedBy: string, reason: string): Promise<boolean> {
    return this.transaction(async (client) => {
      const result = await client.query(
        `INSERT INTO cases.grants (case_ref, user_id, granted_by, reason) VALUES ($1, $2, $3, $4)
         ON CONFLICT (case_ref, user_id) WHERE revoked_at IS NULL DO NOTHING`,
        [caseRef, userId, grantedBy, reason],
      );
      if (result.rowCount !== 1) return false;
      await auditGrant(client, caseRef, 'GRANTED', userId, grantedBy, reason);
      return true;
    });
  }

  async revoke(caseRef: string, userId: string, revokedBy: string, reason: string): Promise<boolean> {
    return this.transaction(async (client) => {
      const result = await client.query(
        `UPDATE cases.grants SET revoked_at = now(), revoked_by = $3, revocation_reason = $4
          WHERE case_ref = $1 AND user_id = $2 AND revoked_at IS NULL`,
        [caseRef, userId, revokedBy, reason],
      );
      await client.query('DELETE FROM cases.revocation_requests WHERE case_ref = $1 AND user_id = $2', [
        caseRef,
        userId,
      ]);
      if ((result.rowCount ?? 0) === 0) return false;
      await auditGrant(client, caseRef, 'REVOKED', userId, revokedBy, reason);
      return true;
    });
  }

  async hasActiveGrant(caseRef: string, userId: string): Promise<boolean> {
    const { rowCount } = await this.postgres.pool.query(
      'SELECT 1 FROM cases.grants WHERE case_ref = $1 AND user_id = $2 AND revoked_at IS NULL',
      [caseRef, userId],
    );
    return (rowCount ?? 0) > 0;
  }

  async requestRevocation(
    caseRef: string,
    userId: string,
    requestedBy: string,
    reason: string,
  ): Promise<PendingRevocation> {
    return this.transaction(async (client) => {
      const inserted = await client.query(
        `INSERT INTO cases.revocation_requests (case_ref, user_id, requested_by, reason) VALUES ($1, $2, $3, $4)
         ON CONFLICT (case_ref, user_id) DO NOTHING`,
        [caseRef, userId, requestedBy, reason],
      );
      if (inserted.rowCount === 1) {
        await auditGrant(client, caseRef, 'REVOCATION_REQUESTED', userId, requestedBy, reason);
      }
      const pending = await pendingOf(client, caseRef, userId);
      if (!pending) throw new Error(`revocation request of ${caseRef} vanished`);
      return pending;
    });
  }

  async pendingRevocation(caseRef: string, userId: string): Promise<PendingRevocation | undefined> {
    const client = await this.postgres.pool.connect();
    try {
      return await pendingOf(client, caseRef, userId);
    } finally {
      client.release();
    }
  }

  async grantAuditOf(caseRef: string): Promise<GrantAuditEntry[]> {
    const { rows } = await this.postgres.pool.query<{
      action: GrantAction;
      user_id: string;
      actor: string;
      reason: string;
      at: Date;
    }>('SELECT action, user_id, actor, reason, at FROM cases.grant_audit WHERE case_ref = $1 ORDER BY id', [caseRef]);
    return rows.map((r) => ({ action: r.action, userId: r.user_id, actor: r.actor, reason: r.reason, at: r.at }));
  }

  async erase(caseRef: string, erasedBy: string, reason: string, shred: () => Promise<void>): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT 1 FROM cases.individual_cases WHERE case_ref = $1 FOR UPDATE', [caseRef]);
      await shred();
      await client.query(
        `UPDATE cases.individual_cases
            SET ciphertext = NULL, iv = NULL, auth_tag = NULL,
                erased_at = COALESCE(erased_at, now()), erased_by = COALESCE(erased_by, $2),
                erasure_reason = COALESCE(erasure_reason, $3)
          WHERE case_ref = $1`,
        [caseRef, erasedBy, reason],
      );
    });
  }

  async readsOf(caseRef: string): Promise<RecordedRead[]> {
    const { rows } = await this.postgres.pool.query<{
      user_id: string;
      role: Role;
      reason: string;
      what: Reveal;
      read_at: Date;
    }>('SELECT user_id, role, reason, what, read_at FROM cases.read_audit WHERE case_ref = $1 ORDER BY id', [caseRef]);
    return rows.map((r) => ({ userId: r.user_id, role: r.role, reason: r.reason, what: r.what, readAt: r.read_at }));
  }

  async grantsOf(caseRef: string): Promise<GrantRecord[]> {
    const { rows } = await this.postgres.pool.query<{
      user_id: string;
      granted_by: string;
      granted_at: Date;
      revoked_at: Date | null;
      revoked_by: string | null;
    }>(
      'SELECT user_id, granted_by, granted_at, revoked_at, revoked_by FROM cases.grants WHERE case_ref = $1 ORDER BY id',
      [caseRef],
    );
    return rows.map((r) => ({
      userId: r.user_id,
      grantedBy: r.granted_by,
      grantedAt: r.granted_at,
      revokedAt: r.revoked_at,
      revokedBy: r.revoked_by,
    }));
  }
}

async function auditGrant(
  client: PoolClient,
  caseRef: string,
  action: GrantAction,
  userId: string,
  actor: string,
  reason: string,
): Promise<void> {
  await client.query(
    'INSERT INTO cases.grant_audit (case_ref, action, user_id, actor, reason) VALUES ($1, $2, $3, $4, $5)',
    [caseRef, action, userId, actor, reason],
  );
}

async function pendingOf(client: PoolClient, caseRef: string, userId: string) {
  const { rows } = await client.query<{ requested_by: string; reason: string; requested_at: Date }>(
    'SELECT requested_by, reason, requested_at FROM cases.revocation_requests WHERE case_ref = $1 AND user_id = $2',
    [caseRef, userId],
  );
  const row = rows[0];
  return row && { requestedBy: row.requested_by, reason: row.reason, requestedAt: row.requested_at };
}
