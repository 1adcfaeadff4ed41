import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ApiConfig } from '@suivi/config';
import { createPool } from '@suivi/postgres';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { API_CONFIG } from '../config/api-config';
import { ROOT_LOGGER } from '../logging/root-logger';

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'different-request' }
  | { kind: 'answered'; response: StoredResponse }
  | { kind: 'pending' };

/** What the idempotency logic needs from storage (PostgreSQL here; a fake in unit tests). */
export interface IdempotencyStore {
  claim(userId: string, key: string, requestHash: string): Promise<Claim>;
  complete(userId: string, key: string, response: StoredResponse): Promise<void>;
  release(userId: string, key: string): Promise<void>;
}

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');
export const IDEMPOTENCY_RETENTION_HOURS = 24;
/** One connection per concurrent command is plenty: each holds it for one short statement. */
const IDEMPOTENCY_POOL_SIZE = 16;

@Injectable()
export class PostgresIdempotencyStore implements IdempotencyStore, OnApplicationShutdown {
  /**
   * Its own pool, committing without waiting for the disk (ADR 0010): a record lost with the
   * last instant of a crashed PostgreSQL only lets a retry send the command again, under the
   * same Temporal Update id, which the workflow answers with the first outcome.
   */
  private readonly pool: Pool;

  constructor(@Inject(API_CONFIG) config: ApiConfig, @Inject(ROOT_LOGGER) logger: Logger) {
    this.pool = createPool(
      config.DATABASE_URL,
      IDEMPOTENCY_POOL_SIZE,
      (error) => logger.warn({ err: error }, 'idle PostgreSQL client of the idempotency records failed'),
      '-c synchronous_commit=off',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  async claim(userId: string, key: string, requestHash: string): Promise<Claim> {
    // One statement decides who is first, even when both requests arrive at once.
    // Named: each connection parses and plans the statement once (claim and complete run per command).
    const inserted = await this.pool.query({
      name: 'idempotency-claim',
      text: `INSERT INTO api.idempotency_records (user_id, idem_key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, idem_key) DO NOTHING`,
      values: [userId, key, requestHash],
    });
    if (inserted.rowCount === 1) return { kind: 'claimed' };
    const { rows } = await this.pool.query<{
      request_hash: string;
      status: number | null;
      response: { body: unknown; headers: Record<string, string> } | null;
    }>('SELECT request_hash, status, response FROM api.idempotency_records WHERE user_id = $1 AND idem_key = $2', [
      userId,
      key,
    ]);
    const row = rows[0];
    if (!row) return this.claim(userId, key, requestHash); // expired in between: try again
    if (row.request_hash !== requestHash) return { kind: 'different-request' };
    if (row.status === null || row.response === null) return { kind: 'pending' };
    return { kind: 'answered', response: { status: row.status, ...row.response } };
  }

  async complete(userId: string, key: string, response: StoredResponse): Promise<void> {
    await this.pool.query({
      name: 'idempotency-complete',
      text: `UPDATE api.idempotency_records SET status = $3, response = $4, completed_at = now()
       WHERE user_id = $1 AND idem_key = $2`,
      values: [userId, key, response.status, JSON.stringify({ body: response.body, headers: response.headers })],
    });
  }

  async release(userId: string, key: string): Promise<void> {
    await this.pool.query(
      'DELETE FROM api.idempotency_records WHERE user_id = $1 AND idem_key = $2 AND status IS NULL',
      [userId, key],
    );
  }

  async deleteExpired(): Promise<number> {
    const result = await this.pool.query(
      `DELETE FROM api.idempotency_records WHERE created_at < now() - make_interval(hours => $1)`,
      [IDEMPOTENCY_RETENTION_HOURS],
    );
    return result.rowCount ?? 0;
  }
}
