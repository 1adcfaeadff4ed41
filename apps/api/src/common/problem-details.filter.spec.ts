import { BadRequestException, NotFoundException } from '@nestjs/common';
import { startTestApp, type TestApp } from '../testing/test-app';
import { ProblemDetailsException } from './problem-details';
import { ProblemDetailsFilter, toProblemDetails } from './problem-details.filter';

const problemKeys = ['detail', 'instance', 'status', 'title', 'type'];

describe('ProblemDetailsFilter over HTTP', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { CODEC_ENDPOINT_ENABLED: 'true' } });
  });
  afterAll(() => testApp.close());

  it('answers an unknown route with a 404 problem document', async () => {
    const response = await fetch(`${testApp.baseUrl}/nowhere/at-all?token=secret`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = await response.json();
    expect(body).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No route matches GET /nowhere/at-all',
      instance: '/nowhere/at-all',
    });
  });

  it('answers a malformed JSON body with a 400 problem document and no stack trace', async () => {
    const response = await fetch(`${testApp.baseUrl}/codec/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"payloads": [',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const text = await response.text();
    expect(text).not.toMatch(/\bat .+\.js:\d+/);
    const body = JSON.parse(text);
    expect(Object.keys(body).sort()).toEqual(problemKeys);
    expect(body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400, instance: '/codec/decode' });
    expect(body.detail).toMatch(/JSON/);
  });

  it('rejects an oversized body outside the codec routes with 413', async () => {
    const response = await fetch(`${testApp.baseUrl}/v1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filler: 'x'.repeat(200 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ title: 'Payload Too Large', status: 413, instance: '/v1' });
  });

  it('accepts a codec body beyond the default limit', async () => {
    const data = Buffer.alloc(300 * 1024, 1).toString('base64');
    const response = await fetch(`${testApp.baseUrl}/codec/encode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payloads: [{ metadata: {}, data }] }),
    });
    expect(response.status).toBe(200);
  });
});

describe('toProblemDetails', () => {
  it('keeps the message of an HttpException', () => {
    expect(toProblemDetails(new BadRequestException('name is required'), '/v1/x')).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'name is required',
      instance: '/v1/x',
    });
    expect(toProblemDetails(new NotFoundException(), '/v1/x').detail).toBe('Not Found');
  });

  it('hides the message of an unexpected error behind a generic 500', () => {
    const problem = toProblemDetails(new Error('password=hunter2 at db.ts:12'), '/v1/x');
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred.',
      instance: '/v1/x',
    });
  });

  it('answers a dependency that cannot be reached (PostgreSQL restarting) with 503, not 500', () => {
    const restarting = Object.assign(new Error('the database system is shutting down'), { code: '57P03' });
    expect(toProblemDetails(restarting, '/v1/cycles/c/rounds')).toEqual({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: expect.stringMatching(/^A service Suivi depends on is unavailable or restarting/),
      instance: '/v1/cycles/c/rounds',
      code: 'DEPENDENCY_UNAVAILABLE',
    });
  });

  it('adds extension members without letting them override the standard ones', () => {
    const problem = toProblemDetails(new ProblemDetailsException(503, 'down', { status: 'error', checks: 2 }), '/h');
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: 'down',
      instance: '/h',
      checks: 2,
    });
    expect(Object.keys(problem)).toEqual(['type', 'title', 'status', 'instance', 'detail', 'checks']);
  });
});

describe('ProblemDetailsFilter headers', () => {
  it('sends the headers a problem carries (Retry-After on a 503), for every route alike', () => {
    const headers: Record<string, string> = {};
    const response = {
      headersSent: false,
      setHeader: (name: string, value: string) => (headers[name] = value),
      status: () => response,
      type: () => response,
      send: () => response,
    };
    const host = {
      switchToHttp: () => ({
        getRequest: () => ({ method: 'DELETE', originalUrl: '/v1/individual-cases/x', baseUrl: '', path: '/v1/x' }),
        getResponse: () => response,
      }),
    };
    const filter = new ProblemDetailsFilter({ error: () => undefined } as never);
    filter.catch(
      new ProblemDetailsException(
        503,
        'No worker took the command.',
        { code: 'WORKER_UNAVAILABLE' },
        { 'Retry-After': '5' },
      ),
      host as never,
    );
    expect(headers).toEqual({ 'Retry-After': '5' });
  });

  it('adds Retry-After to the 503 of a dependency that cannot be reached, and logs it as a warning', () => {
    const headers: Record<string, string> = {};
    const logged: string[] = [];
    const response = {
      headersSent: false,
      setHeader: (name: string, value: string) => (headers[name] = value),
      status: () => response,
      type: () => response,
      send: () => response,
    };
    const host = {
      switchToHttp: () => ({
        getRequest: () => ({ method: 'POST', originalUrl: '/v1/cycles', baseUrl: '', path: '/v1/cycles' }),
        getResponse: () => response,
      }),
    };
    const logger = { warn: () => logged.push('warn'), error: () => logged.push('error') };
    const filter = new ProblemDetailsFilter(logger as never);
    filter.catch(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' }),
      host as never,
    );
    expect(headers).toEqual({ 'Retry-After': '2' });
    expect(logged).toEqual(['warn']);
  });
});
