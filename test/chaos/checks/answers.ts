/**
 * What the load generator's requests got back, judged: how many failed and for how long, the
 * longest time without any successful answer, the 5xx by status, and the answers that are
 * defects rather than unavailability (a 500 or any 5xx but 503, a 4xx a correct client never
 * gets, a command given up, no command accepted for longer than one fault may take). Pure: the
 * chaos suite feeds it what it recorded.
 */

/** One HTTP request as the client saw it; status 0 when no answer came (connection refused or reset, timeout). */
export interface Attempt {
  sentAt: number;
  answeredAt: number;
  status: number;
  /** The problem document's `code`, when there was one. */
  code?: string;
}

export interface AnswerFigures {
  sent: number;
  failed: number;
  /** From the first failed request being sent to the last failed one being answered (0 when none failed). */
  failedForSeconds: number;
  /** Longest stretch of the load without a successful answer, in seconds. */
  maxGapSeconds: number;
  /** Answers with a 5xx status, by status. */
  fiveXxByStatus: Record<string, number>;
  /** Requests that got no HTTP answer at all. */
  noAnswer: number;
}

export interface AnswerVerdict {
  figures: AnswerFigures;
  /** Empty when every failure was an honest "unavailable, retry" (503) or no answer at all. */
  problems: string[];
}

const ok = (status: number) => status >= 200 && status < 300;

/**
 * The longest stretch without any command accepted that a single fault may cause. Every fault
 * of the suite hits one replica or one server while its peers stay up, and the slowest recovery
 * measured was 6 s (Temporal's frontend restarting); the defect this bound is for kept the API
 * out of HAProxy for 57 s while one broker of three was frozen (ADR 30).
 */
export const MAX_GAP_SECONDS = 30;
const round1 = (seconds: number) => Math.round(seconds * 10) / 10;

/**
 * `loadStartedAt`/`loadEndedAt` bound the load, so that a gap at its very start or end counts.
 * `abandoned` counts commands the client gave up on (never accepted).
 */
export function judgeAnswers(
  attempts: readonly Attempt[],
  bounds: { loadStartedAt: number; loadEndedAt: number; maxGapSeconds?: number },
  abandoned = 0,
): AnswerVerdict {
  const failures = attempts.filter((a) => !ok(a.status));
  const fiveXxByStatus: Record<string, number> = {};
  for (const a of failures) {
    if (a.status >= 500) fiveXxByStatus[String(a.status)] = (fiveXxByStatus[String(a.status)] ?? 0) + 1;
  }
  const successes = attempts
    .filter((a) => ok(a.status))
    .map((a) => a.answeredAt)
    .sort((a, b) => a - b);
  const marks = [bounds.loadStartedAt, ...successes, bounds.loadEndedAt];
  let maxGap = 0;
  for (let i = 1; i < marks.length; i++) maxGap = Math.max(maxGap, marks[i] - marks[i - 1]);
  const failedFor = failures.length
    ? Math.max(...failures.map((a) => a.answeredAt)) - Math.min(...failures.map((a) => a.sentAt))
    : 0;
  const figures: AnswerFigures = {
    sent: attempts.length,
    failed: failures.length,
    failedForSeconds: round1(failedFor / 1000),
    maxGapSeconds: round1(maxGap / 1000),
    fiveXxByStatus,
    noAnswer: failures.filter((a) => a.status === 0).length,
  };
  const problems: string[] = [];
  for (const [status, count] of Object.entries(fiveXxByStatus)) {
    // 503 says "unavailable, retry"; a 500 (or a proxy's 502/504) says nothing a client can act on.
    if (status !== '503')
      problems.push(`${count} answer(s) with status ${status} (only 503 may say a dependency is down)`);
  }
  const clientErrors = failures.filter((a) => a.status >= 400 && a.status < 500);
  if (clientErrors.length) {
    const codes = [...new Set(clientErrors.map((a) => `${a.status}${a.code ? ` ${a.code}` : ''}`))];
    problems.push(`${clientErrors.length} answer(s) a correct client never gets: ${codes.join(', ')}`);
  }
  if (abandoned) problems.push(`${abandoned} command(s) never accepted`);
  const allowedGap = bounds.maxGapSeconds ?? MAX_GAP_SECONDS;
  if (figures.maxGapSeconds > allowedGap) {
    problems.push(`no command accepted for ${figures.maxGapSeconds} s (at most ${allowedGap} s for one fault)`);
  }
  return { figures, problems };
}
