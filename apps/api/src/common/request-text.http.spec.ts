import type { OpenAPIObject } from '@nestjs/swagger';
import { readJson, startTestApp, type TestApp } from '../testing/test-app';
import { PATH_PARAMETERS } from './path-parameters';

type Parameter = { name: string; in: string; required?: boolean };
type Operation = { parameters?: Parameter[]; requestBody?: unknown };
type Problem = { status: number; errors?: Array<{ parameter?: string; pointer?: string; header?: string }> };

/**
 * Over HTTP, for every operation of the document: a control character in any path or query
 * parameter is a 400 problem naming the parameter, before anything else reads it (no database
 * or Temporal is reached here). Bodies are covered field by field in text-schemas.spec.ts.
 */
describe('control characters in parameters, on every route', () => {
  let testApp: TestApp;
  let token: string;
  let operations: Array<{ path: string; method: string; operation: Operation }>;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { CODEC_ENDPOINT_ENABLED: 'true' } });
    token = await testApp.token({ role: 'reviewer' });
    const document = await readJson<OpenAPIObject>(await fetch(`${testApp.baseUrl}/openapi.json`));
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
    );
  });
  afterAll(() => testApp.close());

  /** The path with every parameter at its example value, but `name` set to `value`. */
  const pathWith = (template: string, name?: string, value?: string) =>
    template.replace(/\{(\w+)\}/g, (_m, parameter: string) =>
      parameter === name ? (value ?? '') : encodeURIComponent(PATH_PARAMETERS[parameter]?.example ?? 'x'),
    );

  const call = async (method: string, path: string) => {
    const response = await fetch(`${testApp.baseUrl}${path}`, {
      method: method.toUpperCase(),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: method === 'get' || method === 'delete' ? undefined : '{}',
    });
    return { status: response.status, body: await readJson<Problem>(response) };
  };

  it('covers the routes (the table is not empty)', () => {
    const parameters = operations.flatMap((o) => o.operation.parameters ?? []);
    expect(parameters.filter((p) => p.in === 'path').length).toBeGreaterThan(30);
    expect(parameters.filter((p) => p.in === 'query').length).toBeGreaterThan(25);
  });

  it.each(['%00', '%1B', '%7F', '%C2%85', '%09', '%0A'])('refuses %s in every path parameter', async (encoded) => {
    const refused: string[] = [];
    for (const { path, method, operation } of operations) {
      for (const parameter of (operation.parameters ?? []).filter((p) => p.in === 'path')) {
        const reply = await call(method, pathWith(path, parameter.name, `K${encoded}H`));
        const named = reply.body.errors?.some((e) => e.parameter === parameter.name);
        if (reply.status !== 400 || !named) refused.push(`${method} ${path} ${parameter.name}: ${reply.status}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it.each(['%00', '%1B', '%C2%9F', '%09', '%0D%0A'])('refuses %s in every query parameter', async (encoded) => {
    const refused: string[] = [];
    for (const { path, method, operation } of operations) {
      for (const parameter of (operation.parameters ?? []).filter((p) => p.in === 'query')) {
        const reply = await call(method, `${pathWith(path)}?${parameter.name}=K${encoded}H`);
        const named = reply.body.errors?.some((e) => e.parameter === parameter.name);
        if (reply.status !== 400 || !named) refused.push(`${method} ${path} ?${parameter.name}: ${reply.status}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it('refuses a NUL in a cycle title sent to POST /v1/cycles, naming the field', async () => {
    const response = await fetch(`${testApp.baseUrl}/v1/cycles`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await testApp.token({ role: 'desk-officer', countries: ['KH'] })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        type: 'HUMAN_RIGHTS_DIALOGUE',
        country: 'KH',
        title: 'EU-Cambodia\u0000 dialogue',
        timeZone: 'Asia/Phnom_Penh',
      }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await readJson<Problem>(response)).errors).toEqual([
      { pointer: '#/title', detail: expect.stringMatching(/control characters/) },
    ]);
  });

  it('refuses a tab in If-Match and a bad Accept-Language, naming the header', async () => {
    const ifMatch = await fetch(`${testApp.baseUrl}/v1/cycles/KH-HRD-2026/close`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': '"7\t"' },
      body: '{}',
    });
    expect(ifMatch.status).toBe(400);
    expect((await readJson<Problem>(ifMatch)).errors).toEqual([expect.objectContaining({ header: 'If-Match' })]);
    const language = await fetch(`${testApp.baseUrl}/v1/me/calendar-feed`, {
      headers: { authorization: `Bearer ${token}`, 'accept-language': 'fr\t;q=1' },
    });
    expect(language.status).toBe(400);
    expect((await readJson<Problem>(language)).errors).toEqual([
      expect.objectContaining({ header: 'Accept-Language' }),
    ]);
  });
});
