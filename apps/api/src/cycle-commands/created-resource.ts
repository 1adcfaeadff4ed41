import type { StoredResponse } from './idempotency.store';

interface AnsweredEvent {
  type: string;
  data?: { actionPointId?: string; roundId?: string };
}

/**
 * What a command created, for a client that let the cycle choose the ids: the answer of an
 * accepted command that proposed (or recorded as agreed) an action point gets its
 * `actionPointId` and a `Location`; one that scheduled a round (alone, or as the next round of
 * a closing one) gets `roundId` / `nextRoundId`. Derived from the events of the answer, so a
 * replayed answer (Idempotency-Key) says the same.
 */
export function withCreatedResource(answer: StoredResponse, cycleId: string): StoredResponse {
  if (answer.status >= 300) return answer;
  const body = answer.body as { events?: AnsweredEvent[] } & Record<string, unknown>;
  const events = Array.isArray(body.events) ? body.events : [];
  const proposed = events.find((e) => e.type === 'ActionPointProposed')?.data?.actionPointId;
  const scheduled = events.find((e) => e.type === 'RoundScheduled')?.data?.roundId;
  const closing = events.some((e) => e.type === 'RoundClosed');
  const base = `/v1/cycles/${encodeURIComponent(cycleId)}`;
  if (proposed) {
    return {
      ...answer,
      body: { ...body, actionPointId: proposed },
      headers: { ...answer.headers, Location: `${base}/action-points/${encodeURIComponent(proposed)}` },
    };
  }
  if (scheduled && closing) return { ...answer, body: { ...body, nextRoundId: scheduled } };
  if (scheduled) {
    return {
      ...answer,
      body: { ...body, roundId: scheduled },
      headers: { ...answer.headers, Location: `${base}#round-${encodeURIComponent(scheduled)}` },
    };
  }
  return answer;
}
