import { judgeAnswers, MAX_GAP_SECONDS, type Attempt } from './answers';

const at = (sentAt: number, status: number, ms = 100, code?: string): Attempt => ({
  sentAt,
  answeredAt: sentAt + ms,
  status,
  code,
});
const bounds = { loadStartedAt: 0, loadEndedAt: 20_000 };

describe('judgeAnswers', () => {
  it('passes a run where every failure is a 503 or no answer, with its figures', () => {
    const attempts = [at(0, 200), at(1000, 503, 200), at(3000, 0, 500), at(6000, 503), at(9000, 200), at(19_000, 201)];
    const { figures, problems } = judgeAnswers(attempts, bounds);
    expect(problems).toEqual([]);
    expect(figures).toEqual({
      sent: 6,
      failed: 3,
      failedForSeconds: 5.1, // sent at 1000, last failure answered at 6100
      maxGapSeconds: 10, // no success between 9100 and 19100
      fiveXxByStatus: { '503': 2 },
      noAnswer: 1,
    });
  });

  it('fails on a 500, naming the status', () => {
    const { problems, figures } = judgeAnswers([at(0, 200), at(500, 500), at(900, 503)], bounds);
    expect(figures.fiveXxByStatus).toEqual({ '500': 1, '503': 1 });
    expect(problems).toEqual(['1 answer(s) with status 500 (only 503 may say a dependency is down)']);
  });

  it("fails on a proxy's 502 or 504 too", () => {
    const { problems } = judgeAnswers([at(0, 502), at(10, 504)], bounds);
    expect(problems).toHaveLength(2);
  });

  it('fails on a 4xx a correct client never gets (a retried command applied twice answers 409)', () => {
    const { problems } = judgeAnswers([at(0, 409, 10, 'DUPLICATE_ROUND')], bounds);
    expect(problems).toEqual(['1 answer(s) a correct client never gets: 409 DUPLICATE_ROUND']);
  });

  it('fails when commands were abandoned', () => {
    expect(judgeAnswers([at(0, 200)], bounds, 2).problems).toEqual(['2 command(s) never accepted']);
  });

  it('counts the whole load as the gap when nothing succeeded', () => {
    expect(judgeAnswers([at(0, 503)], bounds).figures.maxGapSeconds).toBe(20);
  });

  it('fails when no command was accepted for longer than one fault may take, whatever the answers', () => {
    // Only 503s (honest answers), but nothing accepted from 100 ms to 40.1 s: an outage.
    const attempts = [at(0, 200), ...Array.from({ length: 40 }, (_, i) => at(1000 * (i + 1), 503)), at(40_000, 200)];
    const { problems, figures } = judgeAnswers(attempts, { loadStartedAt: 0, loadEndedAt: 41_000 });
    expect(figures.maxGapSeconds).toBe(40);
    expect(problems).toEqual([`no command accepted for 40 s (at most ${MAX_GAP_SECONDS} s for one fault)`]);
  });

  it('accepts a gap up to the bound', () => {
    const attempts = [at(0, 200), at(10_000, 503), at(29_900, 200)];
    expect(judgeAnswers(attempts, { loadStartedAt: 0, loadEndedAt: 30_000 }).problems).toEqual([]);
  });
});
