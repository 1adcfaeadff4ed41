import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigurationError, type ApiConfig } from '@suivi/config';
import { createLogger } from '@suivi/logging';
import { AppModule } from './app/app.module';
import { API_APPLICATION_OPTIONS, configureApp } from './app/configure-app';
import { mountDevOidcProvider } from './auth/dev-oidc/mount-dev-oidc-provider';
import { readApiConfig } from './config/api-config';
import { PinoLoggerService } from './logging/pino-logger.service';
import { LOG_SERVICE_NAME } from './logging/root-logger';

async function bootstrap(): Promise<void> {
  let config: ApiConfig;
  try {
    config = readApiConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }

  const logger = createLogger(LOG_SERVICE_NAME, config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, logger }), {
    ...API_APPLICATION_OPTIONS,
    logger: new PinoLoggerService(logger),
  });
  configureApp(app);
  // Development only (the configuration refuses AUTH_DEV_ISSUER_DIR in production): an OpenID
  // provider whose sign-in page offers the demo users. Mounted here, ahead of Nest's routes, and
  // not in configureApp: oidc-provider is an ES module the API's Jest tests cannot load.
  if (config.AUTH_DEV_ISSUER_DIR) {
    const issuer = await mountDevOidcProvider(app, config, logger);
    logger.info({ issuer }, 'development OpenID provider mounted');
  }
  // SIGTERM/SIGINT: stop accepting requests, then close Temporal, Kafka and PostgreSQL (onApplicationShutdown).
  app.enableShutdownHooks();

  await app.listen(config.API_PORT, config.API_HOST);
  logger.info({ url: listeningUrl(app.getHttpServer().address() as AddressInfo) }, 'api listening');
}

function listeningUrl({ address, port }: AddressInfo): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${port}`;
}

bootstrap().catch((error: unknown) => {
  // Start-up failures (port in use, bad key) happen before or outside the JSON logger's reach.
  process.stderr.write(
    `api failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
