import { launch, pollUntil, stopLaunched, waitForReady, type LaunchedStack } from '@suivi/test-support';
import { call, dateIn, proposal, startCycle, token } from './support/api-client';

/**
 * What running Suivi as a new user found (issue 14), on the whole stack: a desk officer records
 * a meeting in one call per item, a closed or cancelled cycle says so, and one read-scope rule
 * holds for every list.
 */
describe("the desk officer's day (e2e profile)", () => {
  let launched: LaunchedStack | undefined;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    launched = launch('start', 'e2e');
    await waitForReady(launched, 540_000);
    tokens['deskKH'] = await token('desk.kh', 'desk-officer', ['KH']);
    tokens['reviewer'] = await token('reviewer.hq', 'reviewer');
  }, 600_000);

  afterAll(async () => {
    if (launched) expect(await stopLaunched(launched)).toBe(0);
  });

  it('records a meeting in one call per item: ids assigned by the cycle, agreed at once, default priority, close with the next round', async () => {
    const desk = tokens['deskKH'];
    const cycleId = await startCycle(desk, 'KH', 'EU-Cambodia dialogue, meeting recorded in few calls (e2e)');
    const round = await call<{ roundId: string }>('POST', `/v1/cycles/${cycleId}/rounds`, {
      token: desk,
      body: { date: dateIn(0) },
    });
    expect(round.status).toBe(200);
    expect(round.body.roundId).toBe('R1');
    // No id (the cycle assigns it) and no priority (MEDIUM by default).
    const item: Partial<ReturnType<typeof proposal>> = proposal('unused');
    delete item.actionPointId;
    delete item.priority;
    const ids = [];
    for (let i = 1; i <= 5; i++) {
      const agreed = await call<{ actionPointId: string; events: Array<{ type: string }> }>(
        'POST',
        `/v1/cycles/${cycleId}/action-points`,
        { token: desk, body: { ...item, text: `Item ${i} agreed at the meeting.`, agreed: true } },
      );
      expect(agreed.status).toBe(200);
      expect(agreed.body.events.map((e) => e.type)).toEqual(['ActionPointProposed', 'ActionPointAgreed']);
      expect(agreed.headers.get('location')).toBe(`/v1/cycles/${cycleId}/action-points/${agreed.body.actionPointId}`);
      ids.push(agreed.body.actionPointId);
    }
    expect(ids).toEqual(['AP1', 'AP2', 'AP3', 'AP4', 'AP5']);
    const third = await pollUntil(async () => {
      const reply = await call<{ status: { code: string }; priority: { code: string } }>(
        'GET',
        `/v1/cycles/${cycleId}/action-points/AP3`,
        { token: desk },
      );
      return reply.status === 200 ? reply.body : undefined;
    }, 60_000);
    expect(third).toMatchObject({ status: { code: 'AGREED' }, priority: { code: 'MEDIUM' } });

    const closed = await call<{ nextRoundId: string; events: Array<{ type: string }> }>(
      'POST',
      `/v1/cycles/${cycleId}/rounds/R1/close`,
      { token: desk, body: { nextRound: { date: dateIn(90), title: 'Next round' } } },
    );
    expect(closed.status).toBe(200);
    expect(closed.body.nextRoundId).toBe('R2');
    expect(closed.body.events.filter((e) => e.type === 'ActionPointCarriedOver')).toHaveLength(5);
    // Seven calls for a round of five agreed items, against twelve before (and invented ids).
  });

  it('refuses a command on a cancelled cycle with 409 CYCLE_CLOSED saying so and since when; 404 only for a cycle that never existed', async () => {
    const desk = tokens['deskKH'];
    const cycleId = await startCycle(desk, 'KH', 'Dialogue to cancel (e2e)');
    const cancel = await call('POST', `/v1/cycles/${cycleId}/cancel`, {
      token: desk,
      body: { reason: 'The partner suspended the dialogue' },
    });
    expect(cancel.status).toBe(200);
    // Whether the workflow is still finishing or already completed, the answer is the same.
    const refused = await pollUntil(async () => {
      const reply = await call<{ code: string; detail: string }>('POST', `/v1/cycles/${cycleId}/rounds`, {
        token: desk,
        body: { date: dateIn(10) },
      });
      return reply.status === 409 && / since /.test(reply.body.detail) ? reply : undefined;
    }, 30_000);
    expect(refused.body.code).toBe('CYCLE_CLOSED');
    expect(refused.body.detail).toMatch(new RegExp(`^Cycle ${cycleId} is cancelled since \\d{4}-`));
    const never = await call<{ code: string }>('POST', '/v1/cycles/kh-hrd-2026-00000000/rounds', {
      token: tokens['reviewer'],
      body: { date: dateIn(10) },
    });
    expect(never.status).toBe(404);
    expect(never.body.code).toBe('CYCLE_NOT_FOUND');
  });

  it('applies one read-scope rule to every list: a filter on another country’s cycle is 403, as a country filter', async () => {
    const other = await startCycle(await token('desk.vn', 'desk-officer', ['VN']), 'VN', 'EU-Viet Nam dialogue (e2e)');
    await pollUntil(async () => {
      const reply = await call('GET', `/v1/cycles/${other}`, { token: tokens['reviewer'] });
      return reply.status === 200 ? true : undefined;
    }, 60_000);
    const byCycle = await call('GET', `/v1/action-points?cycleId=${other}`, { token: tokens['deskKH'] });
    const byCountry = await call('GET', '/v1/action-points?country=VN', { token: tokens['deskKH'] });
    expect([byCycle.status, byCountry.status]).toEqual([403, 403]);
    const csv = await call('GET', `/v1/action-points.csv?cycleId=${other}`, { token: tokens['deskKH'] });
    expect(csv.status).toBe(403);
    expect((await call('GET', `/v1/action-points?cycleId=${other}`, { token: tokens['reviewer'] })).status).toBe(200);
  });
});
