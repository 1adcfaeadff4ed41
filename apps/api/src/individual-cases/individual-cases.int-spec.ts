import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ApiConfig } from '@suivi/config';
import { createPool, migrateUp } from '@suivi/postgres';
import { scratchDatabase } from '@suivi/test-support';
import type { Pool } from 'pg';
import { pino } from 'pino';
import type { PostgresPoolService } from '../clients/postgres-pool.service';
import { ProblemDetailsException } from '../common/problem-details';
import type { CaseCycles } from './case-cycles';
import { openContent, parseMasterKeys, unwrapDataKey, type MasterKeyRing } from './envelope';
import { IndividualCasesService } from './individual-cases.service';
import { keyStoreUrlOf, PostgresCaseKeyStore } from './postgres-case-key-store';
import { PostgresCaseRepository } from './postgres-case-repository';

/**
 * The case store on the integration tier's real PostgreSQL: the API's migrations on a fresh
 * database, the key store created by the API beside it, the append-only audit, and erasure
 * leaving a backup's ciphertext that no remaining key opens.
 */

const apiMigrations = join(__dirname, '..', '..', 'migrations');
const logger = pino({ level: 'silent' });
const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const NAME = 'Canary Integration Person';
const REASON = 'Preparing the next dialogue round';
const desk = { userId: 'desk-kh', role: 'desk-officer' as const, countries: ['KH'] };
const reviewer = { userId: 'reviewer-1', role: 'reviewer' as const, countries: [] };

const cycles: CaseCycles = {
  authorizeAttach: async () => 'KH',
  send: async () => ({ version: 2 }),
};

let databaseUrl: string;
let mainPool: Pool;
let keyPool: Pool;
let ring: MasterKeyRing;
let keyStore: PostgresCaseKeyStore;
let service: IndividualCasesService;

const statusOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof ProblemDetailsException ? error.getStatus() : error),
  );

function storeWith(masterKeys: MasterKeyRing) {
  const config = { DATABASE_URL: databaseUrl } as ApiConfig;
  return new PostgresCaseKeyStore(config, masterKeys, logger);
}

beforeAll(async () => {
  databaseUrl = await scratchDatabase('int_cases');
  await migrateUp({ databaseUrl, dir: apiMigrations, migrationsTable: 'api_pgmigrations' });
  mainPool = createPool(databaseUrl);
  keyPool = createPool(keyStoreUrlOf({ DATABASE_URL: databaseUrl }));
  ring = parseMasterKeys(key('m1'));
  keyStore = storeWith(ring);
  service = new IndividualCasesService(
    new PostgresCaseRepository({ pool: mainPool } as PostgresPoolService),
    keyStore,
    ring,
    cycles,
    logger,
  );
});

afterAll(async () => {
  await keyStore?.onApplicationShutdown();
  await mainPool?.end();
  await keyPool?.end();
});

const create = () =>
  service.create(desk, 'kh-hrd-2026', 'AP1', { name: NAME, details: { situation: 'Detained', location: 'Prison X' } });

describe('individual cases on PostgreSQL', () => {
  it('keeps the content sealed in the main database and its key in a database of its own, created at first use', async () => {
    const { caseRef } = await create();

    expect(await service.reveal(desk, caseRef, 'name', REASON)).toEqual({ caseRef, name: NAME });
    const everything = await mainPool.query(
      `SELECT (SELECT json_agg(c) FROM cases.individual_cases c)::text AS cases,
              (SELECT json_agg(g) FROM cases.grants g)::text AS grants,
              (SELECT json_agg(a) FROM cases.read_audit a)::text AS audit`,
    );
    expect(JSON.stringify(everything.rows)).not.toContain('Canary');
    const { rows } = await mainPool.query<{ ciphertext: Buffer }>(
      'SELECT ciphertext FROM cases.individual_cases WHERE case_ref = $1',
      [caseRef],
    );
    expect(rows[0].ciphertext.toString('utf8')).not.toContain('Canary');
    // No key material in the main database; the key store holds exactly this case's key.
    const tables = await mainPool.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'case_keys'");
    expect(tables.rowCount).toBe(0);
    expect((await keyPool.query('SELECT 1 FROM case_keys WHERE case_ref = $1', [caseRef])).rowCount).toBe(1);
  });

  it('writes one audit row per successful read, none for a refused one, and refuses to change or delete them', async () => {
    const { caseRef } = await create();
    const count = async () =>
      Number(
        (await mainPool.query('SELECT count(*) FROM cases.read_audit WHERE case_ref = $1', [caseRef])).rows[0].count,
      );

    await service.reveal(desk, caseRef, 'details', REASON);
    await service.reveal(desk, caseRef, 'name', REASON);
    expect(await statusOf(service.reveal(reviewer, caseRef, 'details', REASON))).toBe(403);
    expect(await count()).toBe(2);

    await expect(
      mainPool.query("UPDATE cases.read_audit SET reason = 'rewritten' WHERE case_ref = $1", [caseRef]),
    ).rejects.toThrow(/append-only/);
    await expect(mainPool.query('DELETE FROM cases.read_audit WHERE case_ref = $1', [caseRef])).rejects.toThrow(
      /append-only/,
    );
    await expect(mainPool.query('TRUNCATE cases.read_audit')).rejects.toThrow(/append-only/);
    expect(await count()).toBe(2);
  });

  it('needs two people to revoke the attacher’s grant, and keeps every grant change in an append-only audit', async () => {
    const { caseRef } = await create();
    const reviewer2 = { ...reviewer, userId: 'reviewer-2' };

    expect(await statusOf(service.grant(reviewer, caseRef, reviewer.userId, REASON))).toBe(403);
    expect(await service.revoke(reviewer, caseRef, desk.userId, 'Reorganisation of the desk')).toMatchObject({
      outcome: 'pending',
    });
    expect(await statusOf(service.reveal(desk, caseRef, 'name', REASON))).toBe('ok');
    expect(await service.revoke(reviewer2, caseRef, desk.userId, 'Confirmed by the head of unit')).toEqual({
      outcome: 'revoked',
    });
    expect(await statusOf(service.reveal(desk, caseRef, 'name', REASON))).toBe(403);

    const audit = await mainPool.query<{ action: string; user_id: string; actor: string }>(
      'SELECT action, user_id, actor FROM cases.grant_audit WHERE case_ref = $1 ORDER BY id',
      [caseRef],
    );
    expect(audit.rows.map((r) => [r.action, r.user_id, r.actor])).toEqual([
      ['GRANTED', desk.userId, desk.userId],
      ['REVOCATION_REQUESTED', desk.userId, reviewer.userId],
      ['REVOKED', desk.userId, reviewer2.userId],
    ]);
    await expect(mainPool.query("UPDATE cases.grant_audit SET reason = 'rewritten'")).rejects.toThrow(/append-only/);
    await expect(mainPool.query('DELETE FROM cases.grant_audit')).rejects.toThrow(/append-only/);
  });

  it("erases by deleting the key: a backup's ciphertext then opens with no key that remains", async () => {
    const { caseRef } = await create();
    await create(); // another case, whose key remains
    const backup = (
      await mainPool.query<{ ciphertext: Buffer; iv: Buffer; auth_tag: Buffer }>(
        'SELECT ciphertext, iv, auth_tag FROM cases.individual_cases WHERE case_ref = $1',
        [caseRef],
      )
    ).rows[0];

    await service.erase(reviewer, caseRef, 'The person asked to be forgotten');

    expect((await keyPool.query('SELECT 1 FROM case_keys WHERE case_ref = $1', [caseRef])).rowCount).toBe(0);
    const erased = await mainPool.query(
      'SELECT ciphertext, erased_by, erased_at FROM cases.individual_cases WHERE case_ref = $1',
      [caseRef],
    );
    expect(erased.rows[0]).toMatchObject({ ciphertext: null, erased_by: reviewer.userId });
    expect(await statusOf(service.reveal(desk, caseRef, 'details', REASON))).toBe(410);

    const remaining = await keyPool.query('SELECT case_ref, master_key_id, iv, auth_tag, wrapped_key FROM case_keys');
    const dataKeys = remaining.rows.map((r) =>
      unwrapDataKey(ring, r.case_ref, {
        masterKeyId: r.master_key_id,
        iv: r.iv,
        authTag: r.auth_tag,
        wrapped: r.wrapped_key,
      }),
    );
    expect(dataKeys.length).toBeGreaterThan(0);
    const sealed = { ciphertext: backup.ciphertext, iv: backup.iv, authTag: backup.auth_tag };
    for (const candidate of [...dataKeys, ...ring.byId.values()]) {
      expect(() => openContent(candidate, caseRef, sealed)).toThrow();
    }
  });

  it('re-wraps every case key under a new master key, after which the old one can be retired', async () => {
    const { caseRef } = await create();
    const rotated = parseMasterKeys(
      `${key('m2')},${[...ring.byId.entries()].map(([id, k]) => `${id}:${k.toString('base64')}`)}`,
    );
    const rotatedStore = storeWith(rotated);
    try {
      expect(await rotatedStore.rewrapUnderPrimary()).toBeGreaterThan(0);
    } finally {
      await rotatedStore.onApplicationShutdown();
    }

    const { rows } = await keyPool.query('SELECT DISTINCT master_key_id FROM case_keys');
    expect(rows).toEqual([{ master_key_id: 'm2' }]);
    const m2Only = parseMasterKeys(`m2:${rotated.primary.key.toString('base64')}`);
    const m2Store = storeWith(m2Only);
    const reader = new IndividualCasesService(
      new PostgresCaseRepository({ pool: mainPool } as PostgresPoolService),
      m2Store,
      m2Only,
      cycles,
      logger,
    );
    try {
      expect(await reader.reveal(desk, caseRef, 'name', REASON)).toEqual({ caseRef, name: NAME });
    } finally {
      await m2Store.onApplicationShutdown();
    }
  });
});
