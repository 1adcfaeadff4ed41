import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { ProblemDetails } from '../common/problem-details';
import { downProbe, hangingProbe, readJson, startTestApp, upProbe, type TestApp } from '../testing/test-app';

type NotReadyProblem = ProblemDetails & {
  info: HealthIndicatorResult;
  error: HealthIndicatorResult;
  details: HealthIndicatorResult;
};

describe('HealthController', () => {
  let testApp: TestApp | undefined;

  afterEach(async () => {
    await testApp?.close();
    testApp = undefined;
  });

  it('GET /health/live answers ok without consulting any dependency', async () => {
    testApp = await startTestApp({ temporal: downProbe('x'), kafka: downProbe('x'), postgres: downProbe('x') });
    const response = await fetch(`${testApp.baseUrl}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /health/ready is 200 with the terminus report when all three dependencies are up', async () => {
    testApp = await startTestApp({
      temporal: upProbe({ serverVersion: '1.29.0' }),
      kafka: upProbe({ brokers: 3, controller: 1 }),
      postgres: upProbe({ serverVersion: '17.2' }),
    });
    const response = await fetch(`${testApp.baseUrl}/health/ready`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(await response.json()).toEqual({
      status: 'ok',
      info: {
        temporal: { status: 'up', serverVersion: '1.29.0' },
        kafka: { status: 'up', brokers: 3, controller: 1 },
        postgres: { status: 'up', serverVersion: '17.2' },
      },
      error: {},
      details: {
        temporal: { status: 'up', serverVersion: '1.29.0' },
        kafka: { status: 'up', brokers: 3, controller: 1 },
        postgres: { status: 'up', serverVersion: '17.2' },
      },
    });
  });

  it('GET /health/ready is 503 naming the dependency that is down, with its error message', async () => {
    testApp = await startTestApp({ kafka: downProbe('Connection error: connect ECONNREFUSED 127.0.0.1:9092') });
    const response = await fetch(`${testApp.baseUrl}/health/ready`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await readJson<NotReadyProblem>(response);
    expect(body).toMatchObject({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: 'Not ready, down: kafka (Connection error: connect ECONNREFUSED 127.0.0.1:9092)',
      instance: '/health/ready',
      error: { kafka: { status: 'down', message: 'Connection error: connect ECONNREFUSED 127.0.0.1:9092' } },
    });
    expect(Object.keys(body.info).sort()).toEqual(['postgres', 'temporal']);
    expect(body.details.kafka.status).toBe('down');
  });

  it('reports every dependency that is down', async () => {
    testApp = await startTestApp({
      temporal: downProbe('UNAVAILABLE'),
      postgres: downProbe('password authentication failed'),
    });
    const body = await readJson<NotReadyProblem>(await fetch(`${testApp.baseUrl}/health/ready`));
    expect(body.detail).toBe('Not ready, down: temporal (UNAVAILABLE); postgres (password authentication failed)');
    expect(Object.keys(body.error).sort()).toEqual(['postgres', 'temporal']);
  });

  it('answers within the timeout when a dependency hangs instead of refusing', async () => {
    testApp = await startTestApp({ postgres: hangingProbe(), readinessTimeoutMs: 150 });
    const started = Date.now();
    const response = await fetch(`${testApp.baseUrl}/health/ready`);
    const elapsed = Date.now() - started;
    expect(response.status).toBe(503);
    expect((await readJson<NotReadyProblem>(response)).error).toEqual({
      postgres: { status: 'down', message: 'no answer within 150 ms' },
    });
    expect(elapsed).toBeLessThan(1500);
  });

  it('recovers on the next call once the dependency is back', async () => {
    let temporalUp = false;
    testApp = await startTestApp({
      temporal: {
        check: async () => {
          if (!temporalUp) throw new Error('Failed to connect to Temporal server');
          return { serverVersion: '1.29.0' };
        },
      },
    });
    expect((await fetch(`${testApp.baseUrl}/health/ready`)).status).toBe(503);
    temporalUp = true;
    expect((await fetch(`${testApp.baseUrl}/health/ready`)).status).toBe(200);
  });
});
