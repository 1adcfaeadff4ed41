import { ConfigurationError, loadConfig } from './load-config';
import { smtpConfigSchema, smtpTransportOptions } from './config-schemas';

const relay = {
  NODE_ENV: 'production',
  SMTP_HOST: 'smtp.relay.example.eu',
  SMTP_PORT: '465',
  SMTP_SECURE: 'true',
  SMTP_USER: 'suivi',
  SMTP_PASSWORD: 'relay-secret',
  MAIL_FROM: 'Suivi <no-reply@suivi.example.eu>',
};

describe('SMTP configuration', () => {
  it("defaults to the launcher's Mailpit outside production", () => {
    const config = loadConfig(smtpConfigSchema, {});
    expect(config).toMatchObject({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: 1025,
      SMTP_SECURE: false,
      MAIL_FROM: 'Suivi <suivi@example.org>',
    });
    expect(config.SMTP_USER).toBeUndefined();
    expect(config.MAILPIT_API_URL).toBeUndefined();
  });

  it('takes what npm start gives the apps', () => {
    const config = loadConfig(smtpConfigSchema, {
      NODE_ENV: 'test',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: '11025',
      SMTP_SECURE: 'false',
      MAIL_FROM: 'Suivi <suivi@example.org>',
      MAILPIT_API_URL: 'http://127.0.0.1:18025',
    });
    expect(config).toMatchObject({ SMTP_PORT: 11025, SMTP_SECURE: false, MAILPIT_API_URL: 'http://127.0.0.1:18025' });
    expect(smtpTransportOptions(config)).toEqual({ host: '127.0.0.1', port: 11025, secure: false, requireTLS: false });
  });

  it('takes a production relay with implicit TLS and credentials', () => {
    const config = loadConfig(smtpConfigSchema, relay);
    expect(config).toMatchObject({ SMTP_HOST: 'smtp.relay.example.eu', SMTP_PORT: 465, SMTP_SECURE: true });
    expect(smtpTransportOptions(config)).toEqual({
      host: 'smtp.relay.example.eu',
      port: 465,
      secure: true,
      requireTLS: false,
      auth: { user: 'suivi', pass: 'relay-secret' },
    });
  });

  it('requires STARTTLS before credentials go to a remote relay over a plain connection', () => {
    const config = loadConfig(smtpConfigSchema, { ...relay, SMTP_PORT: '587', SMTP_SECURE: 'false' });
    expect(smtpTransportOptions(config)).toMatchObject({ port: 587, secure: false, requireTLS: true });
    const local = loadConfig(smtpConfigSchema, { SMTP_USER: 'any', SMTP_PASSWORD: 'any' });
    expect(smtpTransportOptions(local).requireTLS).toBe(false);
  });

  it('requires the relay, its port and the sender in production, naming each variable', () => {
    let error: unknown;
    try {
      loadConfig(smtpConfigSchema, { NODE_ENV: 'production' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).toContain("SMTP_HOST: required in production: the organisation's SMTP relay");
    expect(message).toContain('SMTP_PORT: required in production');
    expect(message).toContain('MAIL_FROM: required in production');
  });

  it('takes credentials in pairs and never echoes the password', () => {
    expect(() => loadConfig(smtpConfigSchema, { SMTP_USER: 'suivi' })).toThrow(
      /SMTP_PASSWORD: required with SMTP_USER/,
    );
    const attempt = () => loadConfig(smtpConfigSchema, { SMTP_PASSWORD: 'hunter2-secret' });
    expect(attempt).toThrow(/SMTP_USER: required with SMTP_PASSWORD/);
    expect(attempt).not.toThrow(/hunter2-secret/);
  });

  it('rejects a bad port, flag or sender', () => {
    expect(() => loadConfig(smtpConfigSchema, { SMTP_PORT: '70000' })).toThrow(/SMTP_PORT: expected a port/);
    expect(() => loadConfig(smtpConfigSchema, { SMTP_SECURE: 'yes' })).toThrow(/SMTP_SECURE: expected true or false/);
    expect(() => loadConfig(smtpConfigSchema, { MAIL_FROM: 'Suivi' })).toThrow(/MAIL_FROM: expected a sender/);
    expect(loadConfig(smtpConfigSchema, { MAIL_FROM: 'no-reply@suivi.example.eu' }).MAIL_FROM).toBe(
      'no-reply@suivi.example.eu',
    );
    expect(() => loadConfig(smtpConfigSchema, { MAILPIT_API_URL: 'mailpit' })).toThrow(/MAILPIT_API_URL/);
  });
});
