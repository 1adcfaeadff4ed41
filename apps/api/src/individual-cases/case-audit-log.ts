import { Injectable } from '@nestjs/common';
import { inTransaction } from '@suivi/postgres';
import { z } from 'zod';
import { PostgresPoolService } from '../clients/postgres-pool.service';
import { alternation, instant, line } from '../common/text-schemas';
import { codeList, oneOf, pagination } from '../queries/query-params';
import type { Page } from '../queries/views';
import { CASE_REF_PATTERN } from './case-schemas';

/**
 * The audit log across individual cases (auditors): every read of a name or details, every
 * grant, revocation request and revocation, and every erasure, newest first, from the
 * append-only tables of schema `cases` (cases.read_audit, cases.grant_audit) and the erasure
 * record of cases.individual_cases. Ids, roles, instants, references and reasons only: a reason
 * was refused when it held the person's name, and the content of a case never leaves its store.
 */

export const AUDIT_ACTIONS = [
  'READ_NAME',
  'READ_DETAILS',
  'GRANTED',
  'REVOCATION_REQUESTED',
  'REVOKED',
  'ERASED',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditLogQuerySchema = z
  .object({
    action: codeList<AuditAction>('audit actions', alternation(AUDIT_ACTIONS), oneOf(AUDIT_ACTIONS))
      .optional()
      .meta({
        description:
          'Actions, comma-separated: READ_NAME, READ_DETAILS (the name and details), GRANTED, ' +
          'REVOCATION_REQUESTED, REVOKED, ERASED',
      }),
    caseRef: z
      .string()
      .regex(CASE_REF_PATTERN, 'expected an individual case reference')
      .optional()
      .meta({ description: 'One individual case' }),
    userId: line(200).optional().meta({ description: 'A user: entries where they acted, or whose access changed' }),
    from: instant()
      .transform((value) => new Date(value).toISOString())
      .optional()
      .meta({ description: 'Entries at or after this instant (ISO 8601 with its offset)' }),
    to: instant()
      .transform((value) => new Date(value).toISOString())
      .optional()
      .meta({ description: 'Entries before this instant (ISO 8601 with its offset)' }),
    ...pagination,
  })
  .strict();
export type AuditLogQuery = z.output<typeof auditLogQuerySchema>;

export interface AuditLogEntry {
  at: string;
  action: AuditAction;
  /** Who acted; the role is recorded with reads only. */
  actor: { userId: string; role: string | null };
  caseRef: string;
  /** Grants and revocations: whose access changed; null otherwise. */
  subjectUserId: string | null;
  reason: string;
  /** Where the case sits; null if the case record is gone (a case refused by its cycle at attachment). */
  country: string | null;
  cycleId: string | null;
  actionPointId: string | null;
}

interface AuditLogDbRow {
  at: Date;
  action: AuditAction;
  actor: string;
  actor_role: string | null;
  case_ref: string;
  subject_user_id: string | null;
  reason: string;
  country: string | null;
  cycle_id: string | null;
  action_point_id: string | null;
}

interface SqlQuery {
  text: string;
  values: unknown[];
}

/**
 * One row per audited act. `source` and `id` order the acts of one instant (a grant and the
 * case it comes with are written in one transaction).
 */
const ENTRIES = `
  SELECT r.read_at AS at, CASE r.what WHEN 'name' THEN 'READ_NAME' ELSE 'READ_DETAILS' END AS action,
    r.user_id AS actor, r.role AS actor_role, r.case_ref, NULL::text AS subject_user_id, r.reason,
    3 AS source, r.id
  FROM cases.read_audit r
  UNION ALL
  SELECT g.at, g.action, g.actor, NULL::text, g.case_ref, g.user_id, g.reason, 2, g.id
  FROM cases.grant_audit g
  UNION ALL
  SELECT c.erased_at, 'ERASED', coalesce(c.erased_by, ''), NULL::text, c.case_ref, NULL::text,
    coalesce(c.erasure_reason, ''), 1, 0
  FROM cases.individual_cases c WHERE c.erased_at IS NOT NULL`;

/** The page of entries, newest first, and the total matching the same filters. */
export function auditLogSql(query: AuditLogQuery): { page: SqlQuery; count: SqlQuery } {
  const values: unknown[] = [];
  const bind = (value: unknown, cast = '') => {
    values.push(value);
    return `$${values.length}${cast}`;
  };
  const where: string[] = [];
  if (query.action) where.push(`e.action = ANY(${bind(query.action, '::text[]')})`);
  if (query.caseRef) where.push(`e.case_ref = ${bind(query.caseRef)}`);
  if (query.userId) {
    const user = bind(query.userId);
    where.push(`(e.actor = ${user} OR e.subject_user_id = ${user})`);
  }
  if (query.from) where.push(`e.at >= ${bind(query.from, '::timestamptz')}`);
  if (query.to) where.push(`e.at < ${bind(query.to, '::timestamptz')}`);
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const filterValues = [...values];
  const limit = bind(query.pageSize, '::int');
  const offset = bind((query.page - 1) * query.pageSize, '::int');
  return {
    page: {
      text: `WITH entries AS (${ENTRIES})
        SELECT e.at, e.action, e.actor, e.actor_role, e.case_ref, e.subject_user_id, e.reason,
          ic.country, ic.cycle_id, ic.action_point_id
        FROM entries e LEFT JOIN cases.individual_cases ic ON ic.case_ref = e.case_ref
        ${whereSql}
        ORDER BY e.at DESC, e.source DESC, e.id DESC, e.case_ref DESC
        LIMIT ${limit} OFFSET ${offset}`,
      values,
    },
    count: {
      text: `WITH entries AS (${ENTRIES}) SELECT count(*)::int AS total FROM entries e ${whereSql}`,
      values: filterValues,
    },
  };
}

const entryOf = (row: AuditLogDbRow): AuditLogEntry => ({
  at: row.at.toISOString(),
  action: row.action,
  actor: { userId: row.actor, role: row.actor_role },
  caseRef: row.case_ref,
  subjectUserId: row.subject_user_id,
  reason: row.reason,
  country: row.country,
  cycleId: row.cycle_id,
  actionPointId: row.action_point_id,
});

/** Reads the audit log (page and total in one snapshot). */
@Injectable()
export class CaseAuditLog {
  constructor(private readonly postgres: PostgresPoolService) {}

  async list(query: AuditLogQuery): Promise<Page<AuditLogEntry>> {
    const sql = auditLogSql(query);
    return inTransaction(
      this.postgres.pool,
      async (client) => ({
        items: (await client.query<AuditLogDbRow>(sql.page)).rows.map(entryOf),
        page: query.page,
        pageSize: query.pageSize,
        total: (await client.query<{ total: number }>(sql.count)).rows[0].total,
      }),
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
  }
}

const nullableString = { type: 'string', nullable: true };

/** The OpenAPI schema of one entry. */
export const auditLogEntrySchema = {
  type: 'object',
  required: ['at', 'action', 'actor', 'caseRef', 'subjectUserId', 'reason', 'country', 'cycleId', 'actionPointId'],
  properties: {
    at: { type: 'string', format: 'date-time' },
    action: { type: 'string', enum: [...AUDIT_ACTIONS] },
    actor: {
      type: 'object',
      required: ['userId', 'role'],
      properties: {
        userId: { type: 'string' },
        role: { ...nullableString, description: 'Recorded with reads only' },
      },
    },
    caseRef: { type: 'string', example: 'case-5f0c6a52-8d7e-4a3b-9c1d-2e4f6a8b0c1d' },
    subjectUserId: { ...nullableString, description: 'Grants and revocations: whose access changed' },
    reason: { type: 'string', description: 'As given (a reason naming the person is refused when given)' },
    country: nullableString,
    cycleId: nullableString,
    actionPointId: nullableString,
  },
};
