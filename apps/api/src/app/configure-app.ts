import type { IncomingMessage } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ApiConfig } from '@suivi/config';
import { codecCorsMiddleware } from '../codec/codec-cors.middleware';
import { ProblemDetailsException } from '../common/problem-details';
import { API_CONFIG } from '../config/api-config';
import { requestLoggingMiddleware } from '../logging/request-logging.middleware';
import { ROOT_LOGGER } from '../logging/root-logger';
import { buildOpenApiDocument, setupOpenApi } from '../docs/openapi';
import { methodNotAllowedMiddleware } from '../common/method-not-allowed.middleware';
import { RequestTextPipe } from '../common/request-text.pipe';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { MetricsService } from '../metrics/metrics.service';
import { webAppMiddleware } from '../web/web-app.middleware';

/**
 * Nest's own body parsers are switched off: configureApp installs them itself, after
 * the metrics and CORS middleware and with per-route limits. Use these options with
 * NestFactory.create and with createNestApplication in tests.
 */
export const API_APPLICATION_OPTIONS: NestApplicationOptions = { bodyParser: false };

const CODEC_PATH = '/codec';
/**
 * Temporal accepts payloads up to 2 MB by default and the Web UI sends them base64
 * encoded (4/3 larger), so the codec routes need more than the default.
 */
const CODEC_BODY_LIMIT = '4mb';

/** HTTP wiring that lives outside Nest's module system; call before app.init()/listen(). */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get<ApiConfig>(API_CONFIG);

  // First, so that requests rejected by CORS or by the body parsers are measured too.
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  app.use(requestLoggingMiddleware(app.get(ROOT_LOGGER)));
  // The web app's build at / (API paths pass through to Nest).
  app.use(webAppMiddleware(config));

  if (config.CODEC_ENDPOINT_ENABLED) {
    app.use(CODEC_PATH, codecCorsMiddleware(config.CODEC_CORS_ORIGINS));
    app.useBodyParser('json', {
      limit: CODEC_BODY_LIMIT,
      type: (req: IncomingMessage) => isJson(req) && isCodecRequest(req),
    });
  }
  // A request the codec parser already read is finished, so this one skips it.
  // Commands carry small JSON documents; larger bodies get 413 (API_BODY_LIMIT_BYTES).
  app.useBodyParser('json', { limit: config.API_BODY_LIMIT_BYTES, type: isJson });
  // A command body that is not JSON would otherwise arrive empty and be judged as `{}`.
  app.use('/v1', (request: IncomingMessage, _response: unknown, next: (error?: unknown) => void) => {
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'];
    if (request.method === 'POST' && hasBody && !isJson(request) && !isOneClickUnsubscribe(request)) {
      next(new ProblemDetailsException(415, 'Send the command as application/json.'));
      return;
    }
    next();
  });
  // A method the path does not support: 405 with Allow (after the body checks, which come first for any route).
  let paths: ReturnType<typeof buildOpenApiDocument>['paths'] | undefined;
  app.use(methodNotAllowedMiddleware(() => (paths ??= buildOpenApiDocument(app).paths) as never));
  // No control character in any parameter or body text a handler receives, whatever the route.
  app.useGlobalPipes(new RequestTextPipe());

  setupOpenApi(app);
}

function isJson(request: IncomingMessage): boolean {
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[\w.-]+\+json$/.test(mediaType);
}

/**
 * RFC 8058: mail clients POST "List-Unsubscribe=One-Click" as a form (multipart/form-data or
 * urlencoded) to the unsubscribe link. The token in the URL is all the route reads, so the body
 * is left unparsed (Node discards it).
 */
function isOneClickUnsubscribe(request: IncomingMessage & { originalUrl?: string }): boolean {
  const path = (request.originalUrl ?? request.url ?? '').split('?')[0];
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return (
    /^\/v1\/me\/unsubscribe\/?$/i.test(path) &&
    (mediaType === 'application/x-www-form-urlencoded' || mediaType === 'multipart/form-data')
  );
}

function isCodecRequest(request: IncomingMessage): boolean {
  return (request.url ?? '').startsWith(`${CODEC_PATH}/`);
}
