import { join } from 'node:path';
import { createPool, migrateUp } from '@suivi/postgres';
import { scratchDatabase } from '@suivi/test-support';
import type { Pool } from 'pg';
import type { PostgresPoolService } from '../clients/postgres-pool.service';
import { parseParams } from '../queries/query-params';
import { auditLogQuerySchema, CaseAuditLog } from './case-audit-log';

/**
 * The audit log's SQL on the integration tier's real PostgreSQL: the API's migrations on a
 * fresh database, rows written directly into the append-only tables of schema `cases`.
 */

const apiMigrations = join(__dirname, '..', '..', 'migrations');
const ref = (n: number) => `case-00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
let pool: Pool;
let log: CaseAuditLog;

const list = (query: Record<string, string> = {}) => log.list(parseParams(auditLogQuerySchema, query));

beforeAll(async () => {
  const databaseUrl = await scratchDatabase('int_audit_log');
  await migrateUp({ databaseUrl, dir: apiMigrations, migrationsTable: 'api_pgmigrations' });
  pool = createPool(databaseUrl);
  log = new CaseAuditLog({ pool } as PostgresPoolService);

  await pool.query(
    `INSERT INTO cases.individual_cases (case_ref, cycle_id, action_point_id, country, ciphertext, iv, auth_tag,
       created_at, created_by)
     VALUES ($1, 'KH-HRD-2026', 'AP1', 'KH', '\\x01', '\\x02', '\\x03', '2026-01-01T10:00:00Z', 'desk.kh')`,
    [ref(1)],
  );
  await pool.query(
    `INSERT INTO cases.individual_cases (case_ref, cycle_id, action_point_id, country, created_at, created_by,
       erased_at, erased_by, erasure_reason)
     VALUES ($1, 'LK-GSP-2026', 'AP2', 'LK', '2026-01-02T10:00:00Z', 'desk.lk', '2026-01-05T10:00:00Z', 'reviewer.hq',
       'Released and asked to be forgotten')`,
    [ref(2)],
  );
  const grant = (caseRef: string, action: string, userId: string, actor: string, at: string) =>
    pool.query(
      `INSERT INTO cases.grant_audit (case_ref, action, user_id, actor, reason, at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [caseRef, action, userId, actor, `Reason for ${action.toLowerCase()}`, at],
    );
  const read = (caseRef: string, userId: string, role: string, what: string, at: string) =>
    pool.query(
      `INSERT INTO cases.read_audit (case_ref, user_id, role, reason, what, read_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [caseRef, userId, role, 'Preparing the next dialogue round', what, at],
    );
  await grant(ref(1), 'GRANTED', 'desk.kh', 'desk.kh', '2026-01-01T10:00:00Z');
  await grant(ref(2), 'GRANTED', 'desk.lk', 'desk.lk', '2026-01-02T10:00:00Z');
  await read(ref(1), 'desk.kh', 'desk-officer', 'name', '2026-01-03T10:00:00Z');
  await grant(ref(1), 'GRANTED', 'reviewer.hq', 'desk.kh', '2026-01-03T11:00:00Z');
  await read(ref(1), 'reviewer.hq', 'reviewer', 'details', '2026-01-04T10:00:00Z');
  await grant(ref(1), 'REVOCATION_REQUESTED', 'desk.kh', 'reviewer.hq', '2026-01-06T10:00:00Z');
  // A read of a case whose record is gone (removed when its cycle refused it): kept, without a place.
  await read(ref(3), 'desk.kh', 'desk-officer', 'name', '2026-01-07T10:00:00Z');
});

afterAll(async () => {
  await pool?.end();
});

describe('the audit log of individual cases on PostgreSQL', () => {
  it('lists reads, grant changes and erasures of every case, newest first, with where each case sits', async () => {
    const page = await list();
    expect(page.total).toBe(8);
    expect(page.items.map((e) => `${e.at.slice(0, 10)} ${e.action} ${e.caseRef.slice(-1)} ${e.actor.userId}`)).toEqual([
      '2026-01-07 READ_NAME 3 desk.kh',
      '2026-01-06 REVOCATION_REQUESTED 1 reviewer.hq',
      '2026-01-05 ERASED 2 reviewer.hq',
      '2026-01-04 READ_DETAILS 1 reviewer.hq',
      '2026-01-03 GRANTED 1 desk.kh',
      '2026-01-03 READ_NAME 1 desk.kh',
      '2026-01-02 GRANTED 2 desk.lk',
      '2026-01-01 GRANTED 1 desk.kh',
    ]);
    expect(page.items[0]).toMatchObject({ country: null, cycleId: null, actionPointId: null });
    expect(page.items[1]).toEqual({
      at: '2026-01-06T10:00:00.000Z',
      action: 'REVOCATION_REQUESTED',
      actor: { userId: 'reviewer.hq', role: null },
      caseRef: ref(1),
      subjectUserId: 'desk.kh',
      reason: 'Reason for revocation_requested',
      country: 'KH',
      cycleId: 'KH-HRD-2026',
      actionPointId: 'AP1',
    });
    expect(page.items[2]).toMatchObject({
      action: 'ERASED',
      reason: 'Released and asked to be forgotten',
      country: 'LK',
      subjectUserId: null,
    });
    expect(page.items[3].actor).toEqual({ userId: 'reviewer.hq', role: 'reviewer' });
  });

  it('filters by action, case, user (acting or concerned) and period, and pages with the total', async () => {
    const actions = async (query: Record<string, string>) => (await list(query)).items.map((e) => e.action);
    expect(await actions({ action: 'READ_NAME,READ_DETAILS' })).toEqual(['READ_NAME', 'READ_DETAILS', 'READ_NAME']);
    expect(await actions({ caseRef: ref(2) })).toEqual(['ERASED', 'GRANTED']);
    expect(await actions({ userId: 'reviewer.hq' })).toEqual([
      'REVOCATION_REQUESTED',
      'ERASED',
      'READ_DETAILS',
      'GRANTED',
    ]);
    expect(await actions({ from: '2026-01-03T00:00:00Z', to: '2026-01-05T00:00:00Z' })).toEqual([
      'READ_DETAILS',
      'GRANTED',
      'READ_NAME',
    ]);
    const second = await list({ pageSize: '3', page: '2' });
    expect({ total: second.total, page: second.page, actions: second.items.map((e) => e.action) }).toEqual({
      total: 8,
      page: 2,
      actions: ['READ_DETAILS', 'GRANTED', 'READ_NAME'],
    });
  });
});
