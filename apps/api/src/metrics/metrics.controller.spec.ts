import { startTestApp, type TestApp } from '../testing/test-app';

describe('MetricsController', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('exposes default Node metrics and the request histogram labelled by route template', async () => {
    await fetch(`${testApp.baseUrl}/health/live`);
    await fetch(`${testApp.baseUrl}/health/live`);
    await fetch(`${testApp.baseUrl}/no/such/route/42`);

    const response = await fetch(`${testApp.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    // Prometheus' text exposition format, whatever order Express writes the parameters in.
    expect(response.headers.get('content-type')).toMatch(/^text\/plain;/);
    expect(response.headers.get('content-type')).toContain('version=0.0.4');
    const text = await response.text();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/health/live",status="200"} 2');
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/health\/live",status="200"\} \d/,
    );
    // Unmatched URLs share one label value, so scanners cannot blow up the series count.
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1');
    expect(text).not.toContain('/no/such/route');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_heap_size_used_bytes');
  });
});
