import type { CodecHttpBody } from '@suivi/temporal';
import type { ProblemDetails } from '../common/problem-details';
import { readJson, startTestApp, type TestApp } from '../testing/test-app';

const UI_ORIGIN = 'http://127.0.0.1:8233';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const jsonPayload = { metadata: { encoding: b64('json/plain') }, data: b64('{"country":"LK","cycle":3}') };

async function post(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('CodecController disabled (default)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it.each(['/codec/encode', '/codec/decode'])('POST %s does not exist', async (path) => {
    const response = await post(testApp.baseUrl, path, { payloads: [jsonPayload] });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('does not answer CORS preflight', async () => {
    const response = await fetch(`${testApp.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: UI_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CodecController enabled', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({
      env: { CODEC_ENDPOINT_ENABLED: 'true', CODEC_CORS_ORIGINS: `${UI_ORIGIN},http://localhost:8233` },
    });
  });
  afterAll(() => testApp.close());

  it('round-trips payloads through encode then decode', async () => {
    const encodedResponse = await post(testApp.baseUrl, '/codec/encode', { payloads: [jsonPayload] });
    expect(encodedResponse.status).toBe(200);
    const encoded = await readJson<CodecHttpBody>(encodedResponse);
    expect(encoded.payloads).toHaveLength(1);
    expect(Buffer.from(encoded.payloads[0].metadata?.['encoding'] ?? '', 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(encoded.payloads[0].metadata?.['encryption-key-id'] ?? '', 'base64').toString()).toBe('test-1');
    expect(Buffer.from(encoded.payloads[0].data ?? '', 'base64').toString('latin1')).not.toContain('country');

    const decodedResponse = await post(testApp.baseUrl, '/codec/decode', encoded);
    expect(decodedResponse.status).toBe(200);
    expect(await decodedResponse.json()).toEqual({ payloads: [jsonPayload] });
  });

  it('returns payloads that are not encrypted unchanged on decode', async () => {
    const response = await post(testApp.baseUrl, '/codec/decode', { payloads: [jsonPayload] });
    expect(await response.json()).toEqual({ payloads: [jsonPayload] });
  });

  it('answers a body without payloads with 400', async () => {
    const response = await post(testApp.baseUrl, '/codec/decode', { items: [] });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      status: 400,
      errors: [
        { pointer: '#/payloads', detail: expect.any(String) },
        { pointer: '#/items', detail: 'unknown field' },
      ],
    });
  });

  it('answers a tampered payload with 422', async () => {
    const encoded = await readJson<CodecHttpBody>(
      await post(testApp.baseUrl, '/codec/encode', { payloads: [jsonPayload] }),
    );
    const data = Buffer.from(encoded.payloads[0].data ?? '', 'base64');
    data[data.length - 1] ^= 0xff;
    encoded.payloads[0].data = data.toString('base64');
    const response = await post(testApp.baseUrl, '/codec/decode', encoded);
    expect(response.status).toBe(422);
    expect((await readJson<ProblemDetails>(response)).detail).toMatch(/^payloads could not be decrypted/);
  });

  it('answers the preflight of an allowed origin with the headers the Web UI sends', async () => {
    const response = await fetch(`${testApp.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: UI_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace,authorization',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    const allowedHeaders = response.headers.get('access-control-allow-headers')?.split(/,\s*/) ?? [];
    expect(allowedHeaders).toEqual(expect.arrayContaining(['content-type', 'x-namespace', 'authorization']));
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('sets CORS headers on the actual request of an allowed origin', async () => {
    const response = await post(
      testApp.baseUrl,
      '/codec/decode',
      { payloads: [] },
      { origin: 'http://localhost:8233' },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
  });

  it('refuses other origins, for preflight and actual requests', async () => {
    const preflight = await fetch(`${testApp.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();

    const actual = await post(testApp.baseUrl, '/codec/decode', { payloads: [] }, { origin: 'https://evil.example' });
    expect(actual.status).toBe(403);
    expect(actual.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('keeps CORS off the other routes', async () => {
    const response = await fetch(`${testApp.baseUrl}/health/live`, { headers: { origin: UI_ORIGIN } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
