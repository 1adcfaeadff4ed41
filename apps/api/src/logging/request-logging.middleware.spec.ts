import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { pino } from 'pino';
import { requestLoggingMiddleware } from './request-logging.middleware';

// Express is Nest's dependency, not ours: take the very copy the API runs on.
const express = require(
  require.resolve('express', { paths: [require.resolve('@nestjs/platform-express')] }),
) as () => Express;

async function withApp(run: (baseUrl: string, lines: Array<Record<string, unknown>>) => Promise<void>): Promise<void> {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const app = express();
  app.use(requestLoggingMiddleware(logger));
  app.get('/v1/calendar.ics', (_req, res) => res.send('ok'));
  app.get('/health/live', (_req, res) => res.send('ok'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, lines);
  } finally {
    await new Promise((r) => server.close(r));
  }
}

const finished = () => new Promise((r) => setTimeout(r, 20));

describe('request logging', () => {
  it('logs one line per request with a request id echoed to the caller, the route template and no query', async () => {
    await withApp(async (baseUrl, lines) => {
      const response = await fetch(`${baseUrl}/v1/calendar.ics?token=secret-feed-token`);
      await finished();
      const requestId = response.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ requestId, method: 'GET', route: '/v1/calendar.ics', status: 200 });
      expect(JSON.stringify(lines)).not.toContain('secret-feed-token');
    });
  });

  it("keeps a caller's well-formed request id and replaces a malformed one", async () => {
    await withApp(async (baseUrl) => {
      const kept = await fetch(`${baseUrl}/v1/calendar.ics`, { headers: { 'x-request-id': 'proxy-1234abcd' } });
      expect(kept.headers.get('x-request-id')).toBe('proxy-1234abcd');
      const replaced = await fetch(`${baseUrl}/v1/calendar.ics`, {
        headers: { 'x-request-id': 'bad id\twith spaces' },
      });
      expect(replaced.headers.get('x-request-id')).not.toContain('bad');
    });
  });

  it('logs probes at debug only', async () => {
    await withApp(async (baseUrl, lines) => {
      await fetch(`${baseUrl}/health/live`);
      await finished();
      expect(lines).toEqual([]);
    });
  });
});
