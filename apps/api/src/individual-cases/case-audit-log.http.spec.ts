import { readJson, startTestApp, type TestApp } from '../testing/test-app';
import { parseParams } from '../queries/query-params';
import { auditLogQuerySchema, auditLogSql, CaseAuditLog, type AuditLogEntry } from './case-audit-log';

const CASE_REF = 'case-9b2f3c1e-4a5d-4e6f-8a7b-0c1d2e3f4a5b';

/** GET /v1/audit over HTTP with the real app, guard and validation; the log's SQL replaced by a fake (unit tier). */
describe('GET /v1/audit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  const get = (path: string, token?: string) =>
    fetch(`${app.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('is for auditors only: 401 without a token, 403 for every other role', async () => {
    expect((await get('/v1/audit')).status).toBe(401);
    for (const role of ['reviewer', 'desk-officer', 'delegation'] as const) {
      const response = await get('/v1/audit', await app.token({ role, countries: ['KH'] }));
      expect({ role, status: response.status }).toEqual({ role, status: 403 });
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('refuses an unknown parameter or a bad value with 400 naming it', async () => {
    const token = await app.token({ role: 'auditor' });
    const response = await get('/v1/audit?actor=x', token);
    expect(response.status).toBe(400);
    expect((await readJson<{ errors: unknown }>(response)).errors).toEqual([
      { parameter: 'actor', detail: 'unknown parameter' },
    ]);
    for (const query of ['action=READ', 'caseRef=case-1', 'from=yesterday', 'pageSize=101', 'page=0']) {
      expect({ query, status: (await get(`/v1/audit?${query}`, token)).status }).toEqual({ query, status: 400 });
    }
  });

  it('answers auditors a page of entries, newest first, not to be cached', async () => {
    const entry: AuditLogEntry = {
      at: '2026-03-01T12:00:00.000Z',
      action: 'READ_NAME',
      actor: { userId: 'desk.kh', role: 'desk-officer' },
      caseRef: CASE_REF,
      subjectUserId: null,
      reason: 'Preparing the next dialogue round',
      country: 'KH',
      cycleId: 'KH-HRD-2026',
      actionPointId: 'AP1',
    };
    const list = jest
      .spyOn(app.app.get(CaseAuditLog), 'list')
      .mockImplementation(async (query) => ({ items: [entry], page: query.page, pageSize: query.pageSize, total: 1 }));
    try {
      const response = await get(
        `/v1/audit?action=READ_NAME,READ_DETAILS&caseRef=${CASE_REF}&pageSize=5`,
        await app.token({ role: 'auditor' }),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await readJson(response)).toEqual({ items: [entry], page: 1, pageSize: 5, total: 1 });
      expect(list).toHaveBeenCalledWith(
        expect.objectContaining({ action: ['READ_NAME', 'READ_DETAILS'], caseRef: CASE_REF, page: 1, pageSize: 5 }),
      );
    } finally {
      list.mockRestore();
    }
  });

  it('is documented with its parameters and problem answers', async () => {
    const document = await readJson<{
      paths: Record<string, { get: { parameters: Array<{ name: string }>; responses: Record<string, unknown> } }>;
    }>(await get('/openapi.json'));
    const operation = document.paths['/v1/audit'].get;
    expect(operation.parameters.map((p) => p.name)).toEqual([
      'action',
      'caseRef',
      'userId',
      'from',
      'to',
      'page',
      'pageSize',
    ]);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
  });
});

describe('auditLogSql', () => {
  it('binds every filter and the page, newest first, and counts with the same filters', () => {
    const query = parseParams(auditLogQuerySchema, {
      action: 'GRANTED,REVOKED',
      userId: "o'brien",
      from: '2026-01-01T00:00:00+01:00',
      page: '2',
      pageSize: '10',
    });
    const { page, count } = auditLogSql(query);
    expect(page.values).toEqual([['GRANTED', 'REVOKED'], "o'brien", '2025-12-31T23:00:00.000Z', 10, 10]);
    expect(page.text).toMatch(/e\.actor = \$2 OR e\.subject_user_id = \$2/);
    expect(page.text).toMatch(/ORDER BY e\.at DESC/);
    expect(page.text).not.toMatch(/o'brien|GRANTED'/);
    expect(count.values).toEqual(page.values.slice(0, -2));
    expect(count.text).not.toMatch(/LIMIT/);
  });
});
