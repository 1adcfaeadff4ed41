import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { issueDevToken, type DevTokenOptions } from '@suivi/dev-issuer';
import { pino } from 'pino';
import { AppModule } from '../app/app.module';
import { ApiMigrationsService } from '../cycle-commands/api-migrations.service';
import { API_APPLICATION_OPTIONS, configureApp } from '../app/configure-app';
import { readApiConfig } from '../config/api-config';
import {
  KAFKA_PROBE,
  POSTGRES_PROBE,
  READINESS_TIMEOUT_MS,
  TEMPORAL_PROBE,
  type DependencyProbe,
} from '../health/dependency-probe';
import { PinoLoggerService } from '../logging/pino-logger.service';

export const TEST_CODEC_KEYS = 'test-1:' + Buffer.alloc(32, 42).toString('base64');
export const TEST_CASE_MASTER_KEYS = 'case-test-1:' + Buffer.alloc(32, 43).toString('base64');
export const TEST_UNSUBSCRIBE_KEY = Buffer.alloc(32, 44).toString('base64');

/**
 * Unsubscribe links' tokens signed with TEST_UNSUBSCRIBE_KEY by libs/notifications
 * (signUnsubscribeToken), as the notifier puts them in e-mails; the API's specs cannot load that
 * library (its e-mail templates are JSX), so they hold its output.
 */
export const TEST_UNSUBSCRIBE_TOKENS = {
  delegationNone:
    'v1.eyJ1IjoiZGVtby5kZWxlZ2F0aW9uLXZuIiwiYSI6ImRlbGl2ZXJ5LW5vbmUifQ.RrM0eYjGxdItSlSuo0-Wvfo1S9M7zx9qy963L8QLObI',
  delegationDigestOff:
    'v1.eyJ1IjoiZGVtby5kZWxlZ2F0aW9uLXZuIiwiYSI6ImRpZ2VzdC1vZmYifQ.POBfzfckmZSLqbI8mJAuB7EkvyGpP01Ox-fzUjV1hIE',
  ghostNone: 'v1.eyJ1IjoiZ2hvc3QiLCJhIjoiZGVsaXZlcnktbm9uZSJ9.tR4F_Kmo2prpbFkL6U2iM43lHzgne-V03UyRIGuJ3GA',
  /** demo.delegation-vn, delivery-none, signed with another key. */
  otherKey:
    'v1.eyJ1IjoiZGVtby5kZWxlZ2F0aW9uLXZuIiwiYSI6ImRlbGl2ZXJ5LW5vbmUifQ.6oGBBcOzfnjoeGjPwOShbwf8A8WGwtXLr992ngMSxRE',
} as const;

export const upProbe = (details: Record<string, unknown> = {}): DependencyProbe => ({
  check: async () => details,
});
export const downProbe = (message: string): DependencyProbe => ({
  check: async () => {
    throw new Error(message);
  },
});
export const hangingProbe = (): DependencyProbe => ({ check: () => new Promise(() => undefined) });

export interface TestAppOptions {
  env?: Record<string, string>;
  temporal?: DependencyProbe;
  kafka?: DependencyProbe;
  postgres?: DependencyProbe;
  readinessTimeoutMs?: number;
  /** Development issuer folder; by default a fresh temporary one, removed on close; false for none. */
  devIssuerDir?: string | false;
  /** Extra controllers mounted beside the app's own (e.g. a probe route under /v1). */
  controllers?: Type[];
}

/** Who the token speaks for; the user id defaults to one derived from the role. */
export type TestTokenOptions = Omit<DevTokenOptions, 'userId' | 'countries'> &
  Partial<Pick<DevTokenOptions, 'userId' | 'countries'>>;

export interface TestApp {
  app: NestExpressApplication;
  baseUrl: string;
  /** The app's development issuer (AUTH_DEV_ISSUER_DIR), if it has one. */
  devIssuerDir?: string;
  /** A bearer token the app accepts (unless AUTH_JWKS_URL points elsewhere). */
  token(options: TestTokenOptions): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real application on an ephemeral loopback port, with the three readiness
 * probes replaced by fakes: no Temporal, Kafka or PostgreSQL is contacted.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownIssuerDir =
    options.devIssuerDir === undefined ? mkdtempSync(join(tmpdir(), 'suivi-api-test-issuer-')) : undefined;
  const devIssuerDir = options.devIssuerDir === false ? undefined : (options.devIssuerDir ?? ownIssuerDir);
  const config = readApiConfig({
    TEMPORAL_CODEC_KEYS: TEST_CODEC_KEYS,
    DATABASE_URL: 'postgres://suivi@127.0.0.1:1/suivi',
    NODE_ENV: 'test',
    API_MIGRATIONS_DIR: 'apps/api/migrations',
    ...(devIssuerDir && { AUTH_DEV_ISSUER_DIR: devIssuerDir }),
    CALENDAR_FEED_SECRET: Buffer.alloc(32, 7).toString('base64'),
    CASE_MASTER_KEYS: TEST_CASE_MASTER_KEYS,
    NOTIFIER_UNSUBSCRIBE_KEY: TEST_UNSUBSCRIBE_KEY,
    ...options.env,
  });
  const logger = pino({ level: 'silent' });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ config, logger })],
    controllers: options.controllers ?? [],
  })
    .overrideProvider(TEMPORAL_PROBE)
    .useValue(options.temporal ?? upProbe({ serverVersion: 'fake' }))
    .overrideProvider(KAFKA_PROBE)
    .useValue(options.kafka ?? upProbe({ brokers: 1 }))
    .overrideProvider(POSTGRES_PROBE)
    .useValue(options.postgres ?? upProbe({ serverVersion: 'fake' }))
    .overrideProvider(READINESS_TIMEOUT_MS)
    .useValue(options.readinessTimeoutMs ?? 2000)
    // No database here: the API's migrations run against the real one in the e2e tier.
    .overrideProvider(ApiMigrationsService)
    .useValue({})
    .compile();

  const app = moduleRef.createNestApplication<NestExpressApplication>({
    ...API_APPLICATION_OPTIONS,
    logger: new PinoLoggerService(logger),
  });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  return {
    app,
    baseUrl: await app.getUrl(),
    devIssuerDir,
    token: ({ userId, countries, ...rest }) => {
      if (!devIssuerDir) throw new Error('this test app has no development issuer');
      return issueDevToken(devIssuerDir, {
        userId: userId ?? `${rest.role}-user`,
        countries: countries ?? [],
        ...rest,
      });
    },
    close: async () => {
      await app.close();
      if (ownIssuerDir) rmSync(ownIssuerDir, { recursive: true, force: true });
    },
  };
}

/**
 * Every method of `fake` (its class's own) answers for the same method of `real`: the real app and
 * routes over an in-memory store. jest.restoreAllMocks() undoes it.
 */
export function backWith<T extends object>(real: T, fake: T): void {
  const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(fake)).filter(
    (name) => name !== 'constructor' && typeof (real as Record<string, unknown>)[name] === 'function',
  );
  for (const method of methods) {
    const impl = (fake as Record<string, (...args: unknown[]) => unknown>)[method].bind(fake);
    jest.spyOn(real as Record<string, (...args: unknown[]) => unknown>, method).mockImplementation(impl);
  }
}

/** Response bodies in the tests are typed by what the assertions expect of them. */
export async function readJson<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
