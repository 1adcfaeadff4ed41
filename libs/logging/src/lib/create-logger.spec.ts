import { Writable } from 'node:stream';
import { createLogger } from './create-logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes JSON lines naming the service and level', () => {
    const { lines, stream } = capture();
    createLogger('worker', 'info', stream).info({ taskQueue: 'suivi-cycles' }, 'worker polling');
    expect(lines[0]).toMatchObject({
      service: 'worker',
      level: 'info',
      msg: 'worker polling',
      taskQueue: 'suivi-cycles',
    });
  });

  it('redacts credentials and personal identity fields', () => {
    const { lines, stream } = capture();
    createLogger('api', 'info', stream).info(
      {
        request: { authorization: 'Bearer abc' },
        case: { personName: 'CANARY-name' },
        config: { DATABASE_URL: 'postgres://u:p@h/db' },
      },
      'request',
    );
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('Bearer abc');
    expect(text).not.toContain('CANARY-name');
    expect(text).not.toContain('u:p@h');
  });

  it('respects the configured level', () => {
    const { lines, stream } = capture();
    const logger = createLogger('projector', 'warn', stream);
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((l) => l['msg'])).toEqual(['shown']);
  });
});
