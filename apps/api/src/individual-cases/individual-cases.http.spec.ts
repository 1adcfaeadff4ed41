import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { TemporalClientService } from '../clients/temporal-client.service';
import { startTestApp, type TestApp } from '../testing/test-app';
import type { CaseKeyStore, CaseRepository } from './case-stores';
import { InMemoryCaseKeyStore, InMemoryCaseRepository } from './in-memory-stores';
import { PostgresCaseKeyStore } from './postgres-case-key-store';
import { PostgresCaseRepository } from './postgres-case-repository';

/** Every method of `real` answered by `fake`: the real app and routes over in-memory stores. */
function backWith<T extends object>(real: T, fake: T, methods: ReadonlyArray<keyof T & string>): void {
  for (const method of methods) {
    const impl = (fake[method] as (...args: unknown[]) => unknown).bind(fake);
    jest.spyOn(real as Record<string, (...args: unknown[]) => unknown>, method).mockImplementation(impl);
  }
}

const NAME = 'Canary Zarina Okonkwo-Lemaire';
const REASON = 'Preparing the next dialogue round';
const q = encodeURIComponent;

/**
 * The case routes over HTTP with the real app, guard and validation; PostgreSQL and Temporal
 * are replaced by in-memory stores and a recording fake (unit tier).
 */
describe('individual case routes', () => {
  let testApp: TestApp;
  let cases: InMemoryCaseRepository;
  let keys: InMemoryCaseKeyStore;
  const sent: unknown[] = [];
  const fakeClient = {
    workflow: {
      getHandle: (workflowId: string) => ({
        describe: async () => {
          if (!workflowId.includes('kh-hrd-2026')) throw new WorkflowNotFoundError('not found', workflowId, undefined);
          return { typedSearchAttributes: { get: () => 'KH' } };
        },
        executeUpdate: async (_update: unknown, options: { args: unknown[] }) => {
          sent.push(options.args[0]);
          return { version: 3, events: [] };
        },
      }),
    },
  } as unknown as Client;

  beforeAll(async () => {
    testApp = await startTestApp();
    jest.spyOn(testApp.app.get(TemporalClientService), 'getClient').mockResolvedValue(fakeClient);
  });
  afterAll(() => testApp.close());
  beforeEach(() => {
    sent.length = 0;
    cases = new InMemoryCaseRepository();
    keys = new InMemoryCaseKeyStore();
    const repositoryMethods: Array<keyof CaseRepository> = [
      'create',
      'remove',
      'find',
      'readAudited',
      'grant',
      'revoke',
      'erase',
      'readsOf',
      'grantsOf',
      'hasActiveGrant',
      'requestRevocation',
      'pendingRevocation',
      'grantAuditOf',
    ];
    backWith<CaseRepository>(testApp.app.get(PostgresCaseRepository), cases, repositoryMethods);
    backWith<CaseKeyStore>(testApp.app.get(PostgresCaseKeyStore), keys, ['put', 'get', 'delete']);
  });

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${testApp.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: (text ? JSON.parse(text) : undefined) as Record<string, unknown>,
    };
  };
  const deskKH = () => testApp.token({ role: 'desk-officer', countries: ['KH'], userId: 'desk-kh' });
  const create = async () => {
    const response = await call('POST', '/v1/cycles/kh-hrd-2026/action-points/AP1/individual-case', await deskKH(), {
      name: NAME,
      details: { situation: 'Detained since March', location: 'Prison X' },
    });
    expect(response.status).toBe(201);
    return response.body['caseRef'] as string;
  };

  it('creates a case and sends the cycle only its reference', async () => {
    const caseRef = await create();

    expect(caseRef).toMatch(/^case-[0-9a-f-]{36}$/);
    expect(sent).toEqual([
      expect.objectContaining({ command: { type: 'AttachIndividualCase', actionPointId: 'AP1', caseRef } }),
    ]);
    expect(JSON.stringify(sent)).not.toContain('Canary');
  });

  it.each([
    ['an unknown field', { name: NAME, extra: 1 }, '#/extra'],
    ['no name', { details: {} }, '#/name'],
    ['a name too long', { name: 'x'.repeat(201) }, '#/name'],
    ['an unknown detail', { name: NAME, details: { age: '40' } }, '#/details/age'],
  ])('refuses a body with %s, naming the field and never echoing values', async (_label, body, pointer) => {
    const response = await call(
      'POST',
      '/v1/cycles/kh-hrd-2026/action-points/AP1/individual-case',
      await deskKH(),
      body,
    );

    expect(response.status).toBe(400);
    expect(response.body['errors']).toEqual(expect.arrayContaining([expect.objectContaining({ pointer })]));
    expect(response.text).not.toContain('Canary');
    expect(cases.cases.size + keys.keys.size).toBe(0);
  });

  it('answers the redacted view by default, and the name or details only with reveal and a reason', async () => {
    const caseRef = await create();
    const token = await deskKH();

    const redacted = await call('GET', `/v1/individual-cases/${caseRef}`, token);
    expect(redacted.status).toBe(200);
    expect(redacted.body).toMatchObject({ caseRef, cycleId: 'kh-hrd-2026', actionPointId: 'AP1', erased: false });
    expect(redacted.text).not.toContain('Canary');

    const revealed = await call('GET', `/v1/individual-cases/${caseRef}?reveal=details&reason=${q(REASON)}`, token);
    expect(revealed.status).toBe(200);
    expect(revealed.headers.get('cache-control')).toBe('no-store');
    expect(revealed.body).toEqual({
      caseRef,
      name: NAME,
      details: { situation: 'Detained since March', location: 'Prison X' },
    });
    const nameOnly = await call('GET', `/v1/individual-cases/${caseRef}?reveal=name&reason=${q(REASON)}`, token);
    expect(nameOnly.body).toEqual({ caseRef, name: NAME });
    expect(cases.audit.map((a) => a.what)).toEqual(['details', 'name']);
  });

  it.each([
    ['without a reason', '?reveal=details', 'reason'],
    ['with a reason too short', `?reveal=name&reason=${q('because')}`, 'reason'],
    ['with a reason too long', `?reveal=name&reason=${'x'.repeat(501)}`, 'reason'],
    ['with an unknown reveal', `?reveal=everything&reason=${q(REASON)}`, 'reveal'],
    ['with an unknown parameter', `?reveal=name&reason=${q(REASON)}&format=csv`, 'format'],
  ])('refuses a read %s and audits nothing', async (_label, query, parameter) => {
    const caseRef = await create();
    const response = await call('GET', `/v1/individual-cases/${caseRef}${query}`, await deskKH());

    expect(response.status).toBe(400);
    expect(response.body['errors']).toEqual([expect.objectContaining({ parameter })]);
    expect(cases.audit).toHaveLength(0);
  });

  it('answers 403 that tells nothing to a reader without a grant, and 404 to a malformed reference', async () => {
    const caseRef = await create();
    const other = await testApp.token({ role: 'desk-officer', countries: ['KH'], userId: 'desk-kh-2' });

    const refused = await call('GET', `/v1/individual-cases/${caseRef}?reveal=name&reason=${q(REASON)}`, other);
    expect(refused.status).toBe(403);
    expect(refused.body['detail']).toBe('Your role or country scope does not allow this request.');
    expect((await call('GET', '/v1/individual-cases/not-a-case', other)).status).toBe(404);
    expect(cases.audit).toHaveLength(0);
  });

  it('grants, revokes, erases, then answers 410 to reads and shows the audit to auditors', async () => {
    const caseRef = await create();
    const token = await deskKH();
    const delegation = await testApp.token({ role: 'delegation', countries: ['KH'], userId: 'delegation-kh' });
    const auditor = await testApp.token({ role: 'auditor', userId: 'auditor-1' });

    const grant = { userId: 'delegation-kh', reason: REASON };
    expect(
      (await call('POST', `/v1/individual-cases/${caseRef}/grants`, token, { userId: 'delegation-kh' })).status,
    ).toBe(400);
    expect((await call('POST', `/v1/individual-cases/${caseRef}/grants`, token, grant)).status).toBe(201);
    expect((await call('POST', `/v1/individual-cases/${caseRef}/grants`, token, grant)).status).toBe(200);
    const read = await call('GET', `/v1/individual-cases/${caseRef}?reveal=name&reason=${q(REASON)}`, delegation);
    expect(read.status).toBe(200);
    expect((await call('DELETE', `/v1/individual-cases/${caseRef}/grants/delegation-kh`, token)).status).toBe(400);
    expect(
      (await call('DELETE', `/v1/individual-cases/${caseRef}/grants/delegation-kh?reason=${q(REASON)}`, token)).status,
    ).toBe(204);
    expect(
      (await call('GET', `/v1/individual-cases/${caseRef}?reveal=name&reason=${q(REASON)}`, delegation)).status,
    ).toBe(403);

    expect((await call('DELETE', `/v1/individual-cases/${caseRef}`, token)).status).toBe(400);
    expect(
      (await call('DELETE', `/v1/individual-cases/${caseRef}?reason=${q('The person asked for it')}`, token)).status,
    ).toBe(204);
    expect(sent.at(-1)).toEqual(
      expect.objectContaining({ command: { type: 'EraseIndividualCase', actionPointId: 'AP1', caseRef } }),
    );
    const gone = await call('GET', `/v1/individual-cases/${caseRef}?reveal=details&reason=${q(REASON)}`, token);
    expect(gone.status).toBe(410);
    expect((await call('GET', `/v1/individual-cases/${caseRef}`, token)).body).toMatchObject({ erased: true });

    const audit = await call('GET', `/v1/individual-cases/${caseRef}/audit`, auditor);
    expect(audit.status).toBe(200);
    expect(audit.body['reads']).toEqual([
      expect.objectContaining({ userId: 'delegation-kh', role: 'delegation', reason: REASON, what: 'name' }),
    ]);
    expect((await call('GET', `/v1/individual-cases/${caseRef}/audit`, token)).status).toBe(403);
  });
});
