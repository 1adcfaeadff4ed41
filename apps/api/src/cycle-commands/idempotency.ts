import { createHash } from 'node:crypto';
import { ProblemDetailsException } from '../common/problem-details';
import type { IdempotencyStore, StoredResponse } from './idempotency.store';

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** Parses the Idempotency-Key header (printable ASCII, 1-200 characters). */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new ProblemDetailsException(400, 'Idempotency-Key must be 1 to 200 printable ASCII characters.', {
      errors: [{ header: 'Idempotency-Key', detail: 'expected 1 to 200 printable ASCII characters' }],
    });
  }
  return value;
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * The command id (Temporal Update id) of a keyed request: the same for every retry, so two
 * copies reaching the workflow, even at once or after the API died, are applied once.
 */
export const commandIdForKey = (userId: string, key: string, fingerprint: string) =>
  // The request is part of it: a key reused for another request after its record expired
  // must not meet the old Update's outcome.
  `idem-${sha256(`${userId}\n${key}\n${sha256(fingerprint)}`).slice(0, 40)}`;

export interface IdempotencyOptions {
  /** How long a retry waits for the first request's answer before sending the command itself. */
  pendingWaitMs: number;
  pollMs: number;
}

/**
 * Runs a keyed request once per (user, key). The first claims the key, runs and stores its
 * answer; a retry gets that answer (`Idempotent-Replayed: true`); a retry with another body
 * is refused (422). A retry finding the first still running waits for it; if the first never
 * answers (its API process died), the retry runs the command itself with the same command id,
 * which the workflow has already applied or applies now, once.
 */
export async function runIdempotently(
  store: IdempotencyStore,
  request: { userId: string; key: string; fingerprint: string },
  run: () => Promise<StoredResponse>,
  options: IdempotencyOptions = { pendingWaitMs: 30_000, pollMs: 100 },
): Promise<StoredResponse> {
  const requestHash = sha256(request.fingerprint);
  const deadline = Date.now() + options.pendingWaitMs;
  for (;;) {
    const claim = await store.claim(request.userId, request.key, requestHash);
    if (claim.kind === 'different-request') {
      throw new ProblemDetailsException(
        422,
        'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
      );
    }
    if (claim.kind === 'answered') {
      return { ...claim.response, headers: { ...claim.response.headers, 'Idempotent-Replayed': 'true' } };
    }
    if (claim.kind === 'claimed' || Date.now() >= deadline) {
      let response: StoredResponse;
      try {
        response = await run();
      } catch (error) {
        // Not an answer (the server failed): free the key so a retry can run again.
        if (claim.kind === 'claimed') await store.release(request.userId, request.key).catch(() => undefined);
        throw error;
      }
      await store.complete(request.userId, request.key, response);
      return response;
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}
