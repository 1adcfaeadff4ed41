import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject } from '@nestjs/swagger';
import { readJson, startTestApp, type TestApp } from '../testing/test-app';

describe('OpenAPI', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { CODEC_ENDPOINT_ENABLED: 'true' } });
  });
  afterAll(() => testApp.close());

  it('serves the document at /openapi.json', async () => {
    const response = await fetch(`${testApp.baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const document = await readJson<OpenAPIObject>(response);
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info.title).toBe('Suivi API');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/health/live', '/health/ready', '/metrics', '/v1', '/codec/encode', '/codec/decode']),
    );
    const ready = document.paths['/health/ready'].get;
    expect(Object.keys(ready?.responses ?? {}).sort()).toEqual(['200', '503']);
    expect(ready?.responses['503']).toHaveProperty(['content', 'application/problem+json']);
  });

  it('is a valid OpenAPI 3 document, with /v1 behind bearer tokens and operations outside /v1 open', async () => {
    const document = await readJson<OpenAPIObject>(await fetch(`${testApp.baseUrl}/openapi.json`));
    // The validator dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
    expect(document.components?.securitySchemes?.['bearer']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/health/ready'].get?.security).toEqual([]);
    expect(document.paths['/v1'].get?.security).toBeUndefined();
  });

  type Parameter = { name: string; in: string; required?: boolean; schema?: Record<string, unknown> };
  type Operation = {
    parameters?: Parameter[];
    responses: Record<string, unknown>;
    security?: unknown[];
    requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  };
  const operationsOf = (document: OpenAPIObject) =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
    );
  const documentOf = async () => readJson<OpenAPIObject>(await fetch(`${testApp.baseUrl}/openapi.json`));

  it('gives every parameter a non-empty schema, and every id, code or free text a pattern or an enum', async () => {
    const document = await documentOf();
    const problems: string[] = [];
    for (const { path, method, operation } of operationsOf(document)) {
      for (const parameter of operation.parameters ?? []) {
        const label = `${method.toUpperCase()} ${path} ${parameter.in} ${parameter.name}`;
        const schema = parameter.schema ?? {};
        if (Object.keys(schema).length === 0) problems.push(`${label}: empty schema`);
        if (schema['type'] === 'string' && !schema['pattern'] && !schema['enum']) problems.push(`${label}: no pattern`);
        if (parameter.in === 'path' && !parameter.required) problems.push(`${label}: not required`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every string of every request body a pattern, an enum or a date format', async () => {
    const problems: string[] = [];
    const visit = (schema: Record<string, unknown>, where: string): void => {
      if (schema['type'] === 'string' && !schema['pattern'] && !schema['enum']) problems.push(where);
      for (const [name, property] of Object.entries((schema['properties'] ?? {}) as Record<string, never>)) {
        visit(property, `${where}/${name}`);
      }
      if (schema['items']) visit(schema['items'] as Record<string, unknown>, `${where}/0`);
      if (typeof schema['additionalProperties'] === 'object') {
        visit(schema['additionalProperties'] as Record<string, unknown>, `${where}/*`);
      }
    };
    for (const { path, method, operation } of operationsOf(await documentOf())) {
      for (const [type, content] of Object.entries(operation.requestBody?.content ?? {})) {
        visit(content.schema, `${method.toUpperCase()} ${path} ${type} #`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('writes every pattern so that OpenAPI tools can run it (no surrogate code points) and JavaScript agrees', async () => {
    const patterns = JSON.stringify(await documentOf()).match(/"pattern":"(?:[^"\\]|\\.)*"/g) ?? [];
    expect(patterns.length).toBeGreaterThan(20);
    for (const entry of patterns) {
      const pattern = JSON.parse(`{${entry}}`).pattern as string;
      expect(pattern).not.toMatch(/\\u[dD][89a-fA-F]/);
      expect(() => new RegExp(pattern, 'u')).not.toThrow();
    }
  });

  it('documents 401 on every operation behind a token, and 400 wherever there is input to refuse', async () => {
    const problems: string[] = [];
    for (const { path, method, operation } of operationsOf(await documentOf())) {
      const label = `${method.toUpperCase()} ${path}`;
      const secured = operation.security === undefined || operation.security.length > 0;
      if (path.startsWith('/v1') && secured && !operation.responses['401']) problems.push(`${label}: no 401`);
      const input = (operation.parameters ?? []).length > 0 || operation.requestBody !== undefined;
      if (input && !operation.responses['400']) problems.push(`${label}: no 400`);
    }
    expect(problems).toEqual([]);
    expect(operationsOf(await documentOf()).find((o) => o.path === '/v1')?.operation.responses['401']).toBeDefined();
  });

  it('documents 404 and 409 on the command routes, 422 where the domain refuses, and no token on the feed', async () => {
    const document = await documentOf();
    const amend = document.paths['/v1/cycles/{cycleId}/action-points/{actionPointId}/amend'].post;
    expect(Object.keys(amend?.responses ?? {})).toEqual(
      expect.arrayContaining(['400', '401', '403', '404', '409', '412', '422']),
    );
    expect(document.paths['/v1/calendar.ics'].get?.security).toEqual([]);
    expect(document.paths['/v1/calendar.ics'].get?.responses['400']).toBeDefined();
    const erase = document.paths['/v1/individual-cases/{caseRef}'].delete;
    expect(erase?.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'reason',
          in: 'query',
          required: true,
          schema: expect.objectContaining({ pattern: expect.any(String) }),
        }),
      ]),
    );
  });

  it('answers a method a path does not support with 405, an Allow header and a problem document', async () => {
    const { request } = await import('node:http');
    const send = (method: string, path: string) =>
      new Promise<{ status?: number; allow?: string; type?: string }>((resolve, reject) => {
        const req = request(`${testApp.baseUrl}${path}`, { method }, (res) => {
          res.resume();
          res.on('end', () =>
            resolve({ status: res.statusCode, allow: res.headers['allow'], type: res.headers['content-type'] }),
          );
        });
        req.on('error', reject);
        req.end();
      });
    expect(await send('TRACE', '/v1/cycles')).toEqual({
      status: 405,
      allow: 'POST, GET, HEAD, OPTIONS',
      type: expect.stringMatching(/^application\/problem\+json/),
    });
    expect(await send('DELETE', '/v1/cycles/KH-HRD-2026')).toMatchObject({ status: 405, allow: 'GET, HEAD, OPTIONS' });
    expect(await send('GET', '/codec/encode')).toMatchObject({ status: 405, allow: 'POST, OPTIONS' });
    expect(await send('OPTIONS', '/v1/action-points')).toMatchObject({ status: 204, allow: 'GET, HEAD, OPTIONS' });
    expect(await send('GET', '/v1/nothing-here')).toMatchObject({ status: 404 });
  });

  it('serves the Swagger UI at /docs', async () => {
    const response = await fetch(`${testApp.baseUrl}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('swagger-ui');
  });
});
