import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ApiConfig } from '@suivi/config';
import { createPool } from '@suivi/postgres';
import { Client, type Pool } from 'pg';
import type { Logger } from 'pino';
import { API_CONFIG } from '../config/api-config';
import { ROOT_LOGGER } from '../logging/root-logger';
import { MASTER_KEYS, type CaseKeyStore } from './case-stores';
import { unwrapDataKey, wrapDataKey, type MasterKeyRing, type WrappedKey } from './envelope';

/** The key store's URL: configured, or the main database's name + "_keystore" on the same server. */
export function keyStoreUrlOf(config: Pick<ApiConfig, 'DATABASE_URL' | 'CASE_KEYSTORE_DATABASE_URL'>): string {
  if (config.CASE_KEYSTORE_DATABASE_URL) return config.CASE_KEYSTORE_DATABASE_URL;
  const url = new URL(config.DATABASE_URL);
  const name = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  url.pathname = `/${encodeURIComponent(`${name}_keystore`)}`;
  return url.toString();
}

const sameServer = (a: string, b: string) => {
  const [x, y] = [new URL(a), new URL(b)];
  return x.hostname === y.hostname && (x.port || '5432') === (y.port || '5432');
};

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS case_keys (
  case_ref      text        PRIMARY KEY,
  master_key_id text        NOT NULL,
  iv            bytea       NOT NULL,
  auth_tag      bytea       NOT NULL,
  wrapped_key   bytea       NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  rewrapped_at  timestamptz
)`;

const REWRAP_BATCH = 200;

interface KeyRow {
  case_ref: string;
  master_key_id: string;
  iv: Buffer;
  auth_tag: Buffer;
  wrapped_key: Buffer;
}
const toWrapped = (row: KeyRow): WrappedKey => ({
  masterKeyId: row.master_key_id,
  iv: row.iv,
  authTag: row.auth_tag,
  wrapped: row.wrapped_key,
});

/**
 * The per-case keys, in their own PostgreSQL database (ADR 0012): created at first use when
 * missing, so the main database's backups never contain them. Deleting a row erases the case.
 * Like the main pool, it connects lazily: the API starts while PostgreSQL is down.
 */
@Injectable()
export class PostgresCaseKeyStore implements CaseKeyStore, OnApplicationBootstrap, OnApplicationShutdown {
  readonly url: string;
  private readonly pool: Pool;
  private ready?: Promise<void>;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(MASTER_KEYS) private readonly ring: MasterKeyRing,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.url = keyStoreUrlOf(config);
    this.pool = createPool(this.url, 5);
    this.pool.on('error', (error) => logger.warn({ err: error }, 'idle key-store client failed'));
  }

  /** Prepares the store and re-wraps old keys in the background; a failure is retried on first use. */
  onApplicationBootstrap(): void {
    void this.rewrapUnderPrimary().then(
      (count) => count > 0 && this.logger.info({ count }, 'case keys re-wrapped under the current master key'),
      (error: unknown) => this.logger.warn({ err: error }, 'case key store not prepared yet (retried on first use)'),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  private prepare(): Promise<void> {
    this.ready ??= this.createDatabaseIfMissing()
      .then(() => this.pool.query(SCHEMA))
      .then(
        () => undefined,
        (error: unknown) => {
          this.ready = undefined;
          throw error;
        },
      );
    return this.ready;
  }

  private async createDatabaseIfMissing(): Promise<void> {
    try {
      await this.pool.query('SELECT 1');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '3D000') throw error; // 3D000: no such database
    }
    if (!sameServer(this.url, this.config.DATABASE_URL)) {
      throw new Error('The case key store database does not exist; create it (CASE_KEYSTORE_DATABASE_URL).');
    }
    const name = decodeURIComponent(new URL(this.url).pathname.slice(1));
    const admin = new Client({ connectionString: this.config.DATABASE_URL, connectionTimeoutMillis: 3000 });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
      this.logger.info({ database: name }, 'case key store database created');
    } catch (error) {
      if ((error as { code?: string }).code !== '42P04') throw error; // created meanwhile by another process
    } finally {
      await admin.end();
    }
  }

  async put(caseRef: string, key: WrappedKey): Promise<void> {
    await this.prepare();
    await this.pool.query(
      'INSERT INTO case_keys (case_ref, master_key_id, iv, auth_tag, wrapped_key) VALUES ($1, $2, $3, $4, $5)',
      [caseRef, key.masterKeyId, key.iv, key.authTag, key.wrapped],
    );
  }

  async get(caseRef: string): Promise<WrappedKey | undefined> {
    await this.prepare();
    const { rows } = await this.pool.query<KeyRow>(
      'SELECT case_ref, master_key_id, iv, auth_tag, wrapped_key FROM case_keys WHERE case_ref = $1',
      [caseRef],
    );
    return rows[0] && toWrapped(rows[0]);
  }

  async delete(caseRef: string): Promise<void> {
    await this.prepare();
    await this.pool.query('DELETE FROM case_keys WHERE case_ref = $1', [caseRef]);
  }

  /**
   * Master key rotation: re-wraps, in batches, every case key still wrapped under another master
   * key than the first configured one, so the old master key can then be retired. Keys under a
   * master key no longer configured are left as they are (and reported).
   */
  async rewrapUnderPrimary(): Promise<number> {
    await this.prepare();
    const configured = [...this.ring.byId.keys()];
    const { rows: unknown } = await this.pool.query<{ master_key_id: string; count: string }>(
      'SELECT master_key_id, count(*) FROM case_keys WHERE NOT (master_key_id = ANY($1)) GROUP BY master_key_id',
      [configured],
    );
    for (const row of unknown) {
      this.logger.error(
        { masterKeyId: row.master_key_id, count: Number(row.count) },
        'case keys wrapped under a master key that is not configured (CASE_MASTER_KEYS): those cases cannot be read',
      );
    }
    const primary = this.ring.primary.id;
    const stale = configured.filter((id) => id !== primary);
    let count = 0;
    for (;;) {
      const { rows } = await this.pool.query<KeyRow>(
        `SELECT case_ref, master_key_id, iv, auth_tag, wrapped_key FROM case_keys
          WHERE master_key_id = ANY($1) LIMIT ${REWRAP_BATCH}`,
        [stale],
      );
      if (rows.length === 0) return count;
      for (const row of rows) {
        const rewrapped = wrapDataKey(this.ring, row.case_ref, unwrapDataKey(this.ring, row.case_ref, toWrapped(row)));
        // Conditional on the old wrapping: a key erased or re-wrapped meanwhile is left alone.
        const updated = await this.pool.query(
          `UPDATE case_keys SET master_key_id = $2, iv = $3, auth_tag = $4, wrapped_key = $5, rewrapped_at = now()
            WHERE case_ref = $1 AND master_key_id = $6 AND wrapped_key = $7`,
          [
            row.case_ref,
            rewrapped.masterKeyId,
            rewrapped.iv,
            rewrapped.authTag,
            rewrapped.wrapped,
            row.master_key_id,
            row.wrapped_key,
          ],
        );
        count += updated.rowCount ?? 0;
      }
    }
  }
}
