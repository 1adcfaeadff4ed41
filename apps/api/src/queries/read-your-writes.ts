import type { Response } from 'express';
import { MAX_VERSION_AHEAD, MIN_VERSION_WAIT_MS, READ_MODEL_VERSION_HEADER } from './query-params';
import type { CycleParts, ReadModelQueries } from './read-model-queries.service';

/**
 * Read your own writes (ADR 0020): a query given `minVersion` (the version a command reply
 * gave) first waits, bounded, until the read model holds the cycle at that version. The
 * projector does not notify, so the wait polls the cycle's version column (one indexed row),
 * soon at first and then at a steady pace, one poll at a time per request.
 */

/** Where the read model stands on a cycle. */
export interface CyclePosition {
  country: string;
  version: number;
  /** Frozen until a rebuild (ADR 0014): its version will not move, so there is nothing to wait for. */
  needsRepair: boolean;
}

/**
 * Why the wait ended: the version is there; or there was nothing worth waiting for (the cycle
 * is unknown, frozen for repair, or the version asked is too far ahead); or the bound passed,
 * the client went away, or too many requests were waiting already.
 */
export type WaitOutcome = 'REACHED' | 'UNKNOWN' | 'NEEDS_REPAIR' | 'TOO_FAR_AHEAD' | 'TIMED_OUT' | 'ABORTED' | 'BUSY';

/** Pauses between polls, in ms: the projector usually lands a command's events within a second or two. */
export const POLL_DELAYS_MS: readonly number[] = [20, 40, 80, 160, 250];

/**
 * Requests of one API process that may wait at once; one more answers at once with what the
 * read model holds (its header says so), so waiting requests never crowd out the others.
 */
export const MAX_WAITING_REQUESTS = 64;

let waitingRequests = 0;

/** The number of requests waiting now (for tests). */
export const waitingRequestCount = (): number => waitingRequests;

export interface WaitOptions {
  timeoutMs?: number;
  maxAhead?: number;
  delaysMs?: readonly number[];
  maxWaiting?: number;
  /** Aborted when the client goes away: the wait stops at once. */
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** Sleeps `ms`, or less when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function verdict(position: CyclePosition | null, minVersion: number, maxAhead: number): WaitOutcome | 'WAIT' {
  if (position === null) return 'UNKNOWN';
  if (position.version >= minVersion) return 'REACHED';
  if (position.needsRepair) return 'NEEDS_REPAIR';
  if (minVersion - position.version > maxAhead) return 'TOO_FAR_AHEAD';
  return 'WAIT';
}

/**
 * Polls `read` until the cycle is at `minVersion` or later, or there is no point waiting any
 * more; `start` is a position already read (no first poll then). Never throws for the wait
 * itself (a failing read does). Returns the last position read.
 */
export async function waitForCycleVersion(
  read: () => Promise<CyclePosition | null>,
  minVersion: number,
  start?: CyclePosition | null,
  options: WaitOptions = {},
): Promise<{ outcome: WaitOutcome; position: CyclePosition | null }> {
  const {
    timeoutMs = MIN_VERSION_WAIT_MS,
    maxAhead = MAX_VERSION_AHEAD,
    delaysMs = POLL_DELAYS_MS,
    maxWaiting = MAX_WAITING_REQUESTS,
    signal,
    now = Date.now,
  } = options;
  const pause = options.sleep ?? sleep;
  const deadline = now() + timeoutMs;
  let position = start === undefined ? await read() : start;
  let first = verdict(position, minVersion, maxAhead);
  if (first !== 'WAIT') return { outcome: first, position };
  if (waitingRequests >= maxWaiting) return { outcome: 'BUSY', position };
  waitingRequests += 1;
  try {
    for (let attempt = 0; ; attempt += 1) {
      if (signal?.aborted) return { outcome: 'ABORTED', position };
      const remaining = deadline - now();
      if (remaining <= 0) return { outcome: 'TIMED_OUT', position };
      await pause(Math.min(delaysMs[Math.min(attempt, delaysMs.length - 1)], remaining), signal);
      if (signal?.aborted) return { outcome: 'ABORTED', position };
      position = await read();
      first = verdict(position, minVersion, maxAhead);
      if (first !== 'WAIT') return { outcome: first, position };
    }
  } finally {
    waitingRequests -= 1;
  }
}

/**
 * The cycle as the read model holds it once at `minVersion`, or when the wait ends: `parts`
 * (already read) when they are recent enough or nothing moved, read again otherwise.
 */
export async function cycleAtLeast(
  queries: Pick<ReadModelQueries, 'cycle' | 'cyclePosition'>,
  parts: CycleParts,
  minVersion: number | undefined,
  response: Response,
  timelineLimit?: number,
): Promise<CycleParts> {
  const { cycle } = parts;
  if (minVersion === undefined || cycle.version >= minVersion) return parts;
  const seen = { country: cycle.country, version: cycle.version, needsRepair: Boolean(cycle.repair_since) };
  const { position } = await waitForCycleVersion(() => queries.cyclePosition(cycle.cycle_id), minVersion, seen, {
    signal: closedConnectionSignal(response),
  });
  if (!position || position.version === seen.version) return parts;
  return (await queries.cycle(cycle.cycle_id, timelineLimit)) ?? parts;
}

/** A signal aborted when the client closes the connection before the answer is sent. */
export function closedConnectionSignal(response: Response): AbortSignal | undefined {
  if (typeof response.once !== 'function') return undefined;
  const controller = new AbortController();
  response.once('close', () => controller.abort());
  return controller.signal;
}

/** Says which version of the cycle the read model answered from (the client compares it with its own). */
export function setReadModelVersion(response: Response, version: number): void {
  response.setHeader(READ_MODEL_VERSION_HEADER, String(version));
}

/** The response header as documented on every route that may set it. */
export const readModelVersionHeader = (required: boolean) => ({
  [READ_MODEL_VERSION_HEADER]: {
    description:
      'The version of the cycle the read model answered from. Lower than the `minVersion` you sent: the read ' +
      'model was still behind when the wait ended.',
    required,
    schema: { type: 'integer', minimum: 1 },
  },
});
