import { Writable } from 'node:stream';
import { createLogger } from '@suivi/logging';
import { PinoLoggerService } from './pino-logger.service';
import { LOG_SERVICE_NAME } from './root-logger';

function capture(level = 'trace') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, service: new PinoLoggerService(createLogger(LOG_SERVICE_NAME, level, sink)) };
}

describe('PinoLoggerService', () => {
  it('writes one JSON line with level name, message and Nest context', () => {
    const { lines, service } = capture();
    service.log('Mapped {/health/live, GET} route', 'RoutesResolver');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'Mapped {/health/live, GET} route',
        context: 'RoutesResolver',
        service: 'api',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ]);
  });

  it('keeps the stack Nest passes to error() as a field', () => {
    const { lines, service } = capture();
    service.error('boom', 'Error: boom\n    at x.ts:1', 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({
      level: 'error',
      msg: 'boom',
      stack: 'Error: boom\n    at x.ts:1',
      context: 'ExceptionsHandler',
    });
  });

  it('merges object messages as fields', () => {
    const { lines, service } = capture();
    service.warn({ msg: 'not ready', down: { kafka: { status: 'down' } } }, 'HealthController');
    expect(lines[0]).toMatchObject({ level: 'warn', msg: 'not ready', down: { kafka: { status: 'down' } } });
  });

  it('honours LOG_LEVEL', () => {
    const { lines, service } = capture('warn');
    service.log('hidden');
    service.debug('hidden');
    service.verbose('hidden');
    service.warn('shown');
    expect(lines.map((l) => l['msg'])).toEqual(['shown']);
  });
});
