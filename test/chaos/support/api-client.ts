import { randomUUID } from 'node:crypto';
import type { Attempt } from '../checks/answers';
import type { AcceptedCommand } from '../checks/event-log';
import { sleep } from './chaos-stack';

/** What one phase's client did: every request, every accepted command, the commands given up. */
export interface Recorder {
  attempts: Attempt[];
  accepted: AcceptedCommand[];
  abandoned: number;
}

export const newRecorder = (): Recorder => ({ attempts: [], accepted: [], abandoned: 0 });

export interface Accepted {
  cycleId: string;
  version: number;
}

/** A real client's patience: per request, and for one command across its retries. */
const REQUEST_TIMEOUT_MS = 30_000;
const GIVE_UP_AFTER_MS = 240_000;
/** After no answer or a 5xx other than 503 (which says when, with Retry-After). */
const RETRY_PAUSE_MS = 1_000;

/**
 * Sends commands to the API through HAProxy as a well-behaved client would: a development
 * bearer token, one Idempotency-Key per command kept across its retries (so a retry never
 * applies it twice, ADR 0010/0015), a 503 retried after its Retry-After, no answer or another
 * 5xx retried after a second, a 4xx taken as final. Every request is recorded.
 */
export class ChaosClient {
  constructor(
    private readonly api: string,
    private readonly token: string,
  ) {}

  async command(path: string, body: unknown, recorder: Recorder): Promise<Accepted | undefined> {
    const key = randomUUID();
    const firstSentAt = Date.now();
    for (;;) {
      const sentAt = Date.now();
      const answer = await this.post(path, body, key);
      recorder.attempts.push({ sentAt, answeredAt: Date.now(), status: answer.status, code: answer.code });
      if (answer.status >= 200 && answer.status < 300) {
        const accepted = answer.body as { cycleId: string; version: number; events: Array<{ sequence: number }> };
        recorder.accepted.push({ cycleId: accepted.cycleId, eventIds: eventIdsOf(accepted, path) });
        return { cycleId: accepted.cycleId, version: accepted.version };
      }
      if (answer.status >= 400 && answer.status < 500) return undefined;
      if (Date.now() - firstSentAt > GIVE_UP_AFTER_MS) {
        recorder.abandoned += 1;
        return undefined;
      }
      const retryAfter = answer.status === 503 ? Number(answer.retryAfter ?? '1') * 1000 : RETRY_PAUSE_MS;
      await sleep(Number.isFinite(retryAfter) ? retryAfter : RETRY_PAUSE_MS);
    }
  }

  private async post(path: string, body: unknown, key: string) {
    try {
      const response = await fetch(`${this.api}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      const json = /json/.test(response.headers.get('content-type') ?? '') ? (JSON.parse(text) as unknown) : {};
      const code = (json as { code?: unknown }).code;
      return {
        status: response.status,
        body: json,
        retryAfter: response.headers.get('retry-after'),
        code: typeof code === 'string' ? code : undefined,
      };
    } catch {
      // Connection refused or reset, or our own timeout: no HTTP answer at all.
      return { status: 0, body: {}, retryAfter: null, code: undefined };
    }
  }
}

/**
 * The event ids an accepted command's reply names. A keyed start replayed after its first
 * answer was lost carries no events (the API rebuilds the answer from the cycle's state,
 * ADR 0010): the cycle then holds only what the start wrote, sequences 1 to its version.
 */
export function eventIdsOf(
  reply: { cycleId: string; version: number; events: Array<{ sequence: number }> },
  path: string,
) {
  if (reply.events.length === 0 && path === '/v1/cycles') {
    return Array.from({ length: reply.version }, (_, i) => `${reply.cycleId}:${i + 1}`);
  }
  return reply.events.map((e) => `${reply.cycleId}:${e.sequence}`);
}
