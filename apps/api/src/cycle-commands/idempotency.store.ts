import { Injectable } from '@nestjs/common';
import { PostgresPoolService } from '../clients/postgres-pool.service';

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

@Injectable()
export class PostgresIdempotencyStore implements IdempotencyStore {
  constructor(private readonly postgres: PostgresPoolService) {}

  async claim(userId: string, key: string, requestHash: string): Promise<Claim> {
    // One statement decides who is first, even when both requests arrive at once.
    const inserted = await this.postgres.pool.query(
      `INSERT INTO api.idempotency_records (user_id, idem_key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, idem_key) DO NOTHING`,
      [userId, key, requestHash],
    );
    if (inserted.rowCount === 1) return { kind: 'claimed' };
    const { rows } = await this.postgres.pool.query<{
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
    await this.postgres.pool.query(
      `UPDATE api.idempotency_records SET status = $3, response = $4, completed_at = now()
       WHERE user_id = $1 AND idem_key = $2`,
      [userId, key, response.status, JSON.stringify({ body: response.body, headers: response.headers })],
    );
  }

  async release(userId: string, key: string): Promise<void> {
    await this.postgres.pool.query(
      'DELETE FROM api.idempotency_records WHERE user_id = $1 AND idem_key = $2 AND status IS NULL',
      [userId, key],
    );
  }

  async deleteExpired(): Promise<number> {
    const result = await this.postgres.pool.query(
      `DELETE FROM api.idempotency_records WHERE created_at < now() - make_interval(hours => $1)`,
      [IDEMPOTENCY_RETENTION_HOURS],
    );
    return result.rowCount ?? 0;
  }
}
