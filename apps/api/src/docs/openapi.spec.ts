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

  it('serves the Swagger UI at /docs', async () => {
    const response = await fetch(`${testApp.baseUrl}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('swagger-ui');
  });
});
