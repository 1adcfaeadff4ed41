import { createServer, type Server } from 'node:net';
import { resolveSettings } from '../settings';
import { DEFAULT_MAIL_FROM, mailEnvironment, mailpitApiUrl, mailpitArgs, smtpGreeting } from './mailpit';

describe('Mailpit in the stack', () => {
  const test = resolveSettings('test', { SUIVI_HOME: '/srv/suivi' });

  it('listens on loopback only, on the profile ports, with its database in the profile data', () => {
    const args = mailpitArgs(test);
    const flag = (name: string) => args[args.indexOf(name) + 1];
    expect(flag('--smtp')).toBe('127.0.0.1:11025');
    expect(flag('--listen')).toBe('127.0.0.1:18025');
    expect(flag('--database')).toBe('/srv/suivi/test/data/mailpit/mailpit.db');
    expect(args).toContain('--disable-version-check');
  });

  it('gives the apps plain SMTP to it, the default sender and the API URL the tests read', () => {
    expect(mailEnvironment(test, {})).toEqual({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: '11025',
      SMTP_SECURE: 'false',
      MAIL_FROM: 'Suivi <suivi@example.org>',
      MAILPIT_API_URL: 'http://127.0.0.1:18025',
    });
    expect(DEFAULT_MAIL_FROM).toBe('Suivi <suivi@example.org>');
    expect(mailEnvironment(test, { MAIL_FROM: 'Desk <desk@example.org>' }).MAIL_FROM).toBe('Desk <desk@example.org>');
    expect(mailpitApiUrl(resolveSettings('dev', {}))).toBe('http://127.0.0.1:8025');
  });

  describe('SMTP greeting check', () => {
    let server: Server | undefined;
    const serve = (greeting: string) =>
      new Promise<number>((resolvePort) => {
        server = createServer((socket) => socket.resume().end(greeting));
        server.listen(0, '127.0.0.1', () => resolvePort((server?.address() as { port: number }).port));
      });
    afterEach(async () => {
      await new Promise((done) => server?.close(done));
      server = undefined;
    });

    it('accepts a 220 greeting', async () => {
      await expect(smtpGreeting(await serve('220 vm Mailpit ESMTP Service ready\r\n'))).resolves.toMatch(/^220 /);
    });

    it('refuses any other answer', async () => {
      await expect(smtpGreeting(await serve('554 go away\r\n'))).rejects.toThrow(/unexpected SMTP greeting/);
    });
  });
});
