import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { DOMAIN_REJECTION } from '@suivi/cycle-workflow-api';
import { TemporalClientService } from '../clients/temporal-client.service';
import { startTestApp, type TestApp } from '../testing/test-app';

/**
 * The command routes over HTTP with the real app, guard and validation; Temporal is replaced by
 * a recording fake (unit tier), so these tests assert what reaches the workflow, and what does not.
 */
describe('command routes', () => {
  let testApp: TestApp;
  const sent: Array<{ workflowId: string; args: unknown[]; updateId?: string }> = [];
  const countries: Record<string, string> = { 'cycle-kh-1': 'KH', 'cycle-vn-1': 'VN' };
  const fakeClient = {
    workflow: {
      getHandle: (workflowId: string) => ({
        describe: async () => {
          const country = countries[workflowId];
          if (!country) throw new WorkflowNotFoundError('not found', workflowId, undefined);
          return { typedSearchAttributes: { get: () => country } };
        },
        executeUpdate: async (_update: unknown, options: { args: unknown[]; updateId?: string }) => {
          sent.push({ workflowId, args: options.args, updateId: options.updateId });
          const { command } = options.args[0] as { command: { actionPointId?: string } };
          if (command.actionPointId === 'LATE') {
            // What the workflow's validator answers, as the Temporal client surfaces it.
            const refusal = Object.assign(new Error('refused'), {
              type: DOMAIN_REJECTION,
              details: [
                { code: 'DEADLINE_BEFORE_ROUND_DATE', message: 'The deadline is before the round.', field: 'deadline' },
              ],
            });
            throw Object.assign(new Error('update failed'), { cause: refusal });
          }
          return { version: 7, events: [] };
        },
      }),
    },
  } as unknown as Client;

  beforeAll(async () => {
    testApp = await startTestApp();
    const temporal = testApp.app.get(TemporalClientService);
    jest.spyOn(temporal, 'getClient').mockResolvedValue(fakeClient);
  });
  afterAll(() => testApp.close());
  beforeEach(() => (sent.length = 0));

  const post = async (
    path: string,
    body: unknown,
    options: { token?: string; headers?: Record<string, string>; raw?: string } = {},
  ) => {
    const response = await fetch(`${testApp.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.raw ?? JSON.stringify(body),
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as Record<string, unknown>,
    };
  };
  const deskKH = () => testApp.token({ role: 'desk-officer', countries: ['KH'] });
  const proposal = {
    actionPointId: 'AP1',
    roundId: 'R1',
    text: 'Publish the statistics.',
    owner: 'PARTNER',
    deadline: '2027-03-31',
    priority: 'HIGH',
    themes: ['I.C'],
  };

  it('sends a valid command to the cycle workflow with the caller as actor and answers its version', async () => {
    const reply = await post('/v1/cycles/kh-1/action-points', proposal, { token: await deskKH() });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ cycleId: 'kh-1', version: 7 });
    expect(sent).toHaveLength(1);
    expect(sent[0].args[0]).toMatchObject({
      command: { type: 'ProposeActionPoint', actionPointId: 'AP1', conventions: [], unReferences: [] },
      metadata: { actor: { role: 'DESK_OFFICER' } },
    });
  });

  it.each([
    ['an unknown field', { ...proposal, colour: 'red' }, '#/colour'],
    ['a wrong type', { ...proposal, deadline: 42 }, '#/deadline'],
    ['a date that does not exist', { ...proposal, deadline: '2027-02-30' }, '#/deadline'],
    ['an unknown theme code', { ...proposal, themes: ['Z.Z'] }, '#/themes/0'],
    ['an unknown convention', { ...proposal, conventions: ['NOPE'] }, '#/conventions/0'],
    ['no theme', { ...proposal, themes: [] }, '#/themes'],
    ['an oversized text', { ...proposal, text: 'x'.repeat(4001) }, '#/text'],
    ['a missing field', { ...proposal, owner: undefined }, '#/owner'],
  ])('refuses %s with 400 naming the field, and sends nothing', async (_name, body, pointer) => {
    const reply = await post('/v1/cycles/kh-1/action-points', body, { token: await deskKH() });
    expect(reply.status).toBe(400);
    expect(reply.type).toMatch(/^application\/problem\+json/);
    expect((reply.body['errors'] as Array<{ pointer: string }>).map((e) => e.pointer)).toContain(pointer);
    expect(sent).toHaveLength(0);
  });

  it('refuses a bad country or time zone when starting a cycle', async () => {
    const token = await deskKH();
    const start = { type: 'HUMAN_RIGHTS_DIALOGUE', country: 'KH', title: 'Dialogue', timeZone: 'Asia/Phnom_Penh' };
    for (const [body, pointer] of [
      [{ ...start, country: 'Cambodia' }, '#/country'],
      [{ ...start, timeZone: 'Mars/Olympus' }, '#/timeZone'],
      [{ ...start, type: 'TEA_PARTY' }, '#/type'],
    ] as const) {
      const reply = await post('/v1/cycles', body, { token });
      expect(reply.status).toBe(400);
      expect(JSON.stringify(reply.body)).toContain(pointer);
    }
  });

  it('refuses malformed JSON (400), a body that is not JSON (415) and a body over the limit (413)', async () => {
    const token = await deskKH();
    expect((await post('/v1/cycles/kh-1/action-points', null, { token, raw: '{"a":' })).status).toBe(400);
    const notJson = await post('/v1/cycles/kh-1/action-points', null, {
      token,
      raw: 'text',
      headers: { 'content-type': 'text/plain' },
    });
    expect(notJson.status).toBe(415);
    expect(notJson.type).toMatch(/^application\/problem\+json/);
    const huge = await post('/v1/cycles/kh-1/action-points', { ...proposal, text: 'x'.repeat(70_000) }, { token });
    expect(huge.status).toBe(413);
    expect(sent).toHaveLength(0);
  });

  it('checks role and country before sending: 403 with nothing about the cycle', async () => {
    const delegation = await testApp.token({ role: 'delegation', countries: ['KH'] });
    const other = await post('/v1/cycles/vn-1/action-points', proposal, { token: await deskKH() });
    const wrongRole = await post('/v1/cycles/kh-1/action-points', proposal, { token: delegation });
    const unknown = await post('/v1/cycles/no-such-cycle/action-points', proposal, { token: await deskKH() });
    // The same document whatever the reason (only `instance` repeats the caller's own path).
    const withoutInstance = (body: Record<string, unknown>) => ({ ...body, instance: undefined });
    for (const reply of [other, wrongRole, unknown]) {
      expect(reply.status).toBe(403);
      expect(withoutInstance(reply.body)).toEqual(withoutInstance(other.body));
      expect(JSON.stringify(withoutInstance(reply.body))).not.toMatch(/vn-1|kh-1|no-such-cycle|VN|KH/);
    }
    const reviewer = await testApp.token({ role: 'reviewer' });
    const assess = { assessment: 'COMPLETED' };
    expect(
      (await post('/v1/cycles/no-such-cycle/action-points/AP1/assessment', assess, { token: reviewer })).status,
    ).toBe(404);
    expect(sent).toHaveLength(0);
  });

  it("answers a domain refusal with its status, the domain's words and the body field at fault", async () => {
    const token = await deskKH();
    const proposed = await post('/v1/cycles/kh-1/action-points', { ...proposal, actionPointId: 'LATE' }, { token });
    expect(proposed.status).toBe(422);
    expect(proposed.body).toMatchObject({
      code: 'DEADLINE_BEFORE_ROUND_DATE',
      detail: 'The deadline is before the round.',
      errors: [{ pointer: '#/deadline' }],
    });
    const amended = await post(
      '/v1/cycles/kh-1/action-points/LATE/amend',
      { changes: { deadline: '2026-01-01' }, reason: 'Moved.' },
      { token },
    );
    expect(amended.body).toMatchObject({ errors: [{ pointer: '#/changes/deadline' }] });
  });

  it('turns If-Match into the expected version, and refuses a malformed one', async () => {
    const token = await deskKH();
    await post('/v1/cycles/kh-1/action-points/AP1/agree', {}, { token, headers: { 'if-match': '"6"' } });
    expect(sent[0].args[0]).toMatchObject({ expectedVersion: 6 });
    const bad = await post('/v1/cycles/kh-1/action-points/AP1/agree', {}, { token, headers: { 'if-match': 'soon' } });
    expect(bad.status).toBe(400);
  });
});
