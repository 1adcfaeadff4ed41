import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

export const REQUEST_ID_HEADER = 'x-request-id';
/** A caller's request id is kept when it looks like one (a proxy's or a client's), else replaced. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The request as this middleware leaves it: other code may read its id (problem details, logs). */
export type RequestWithId = Request & { requestId?: string };

/**
 * One JSON line per request, with a request id echoed in `X-Request-Id`. Only the route
 * template is logged, never the URL (a calendar feed URL carries its token in the query) nor
 * bodies (action point texts may name people at risk); the user id is logged, not the token.
 */
export function requestLoggingMiddleware(logger: Logger) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const offered = request.header(REQUEST_ID_HEADER);
    const requestId = offered && ACCEPTABLE_REQUEST_ID.test(offered) ? offered : randomUUID();
    (request as RequestWithId).requestId = requestId;
    response.setHeader('X-Request-Id', requestId);
    const startedAt = process.hrtime.bigint();
    response.once('finish', () => {
      const routePath: unknown = request.route?.path;
      const principal = (request as Request & { principal?: { userId: string; role: string } }).principal;
      const route = typeof routePath === 'string' ? `${request.baseUrl}${routePath}` : 'unmatched';
      // Probes and scrapes come every few seconds: at debug, so they do not drown the rest.
      const level = /^\/(health|metrics)/.test(route) ? 'debug' : 'info';
      logger[level](
        {
          requestId,
          method: request.method,
          route,
          status: response.statusCode,
          durationMs: Number((process.hrtime.bigint() - startedAt) / 1000n) / 1000,
          ...(principal ? { userId: principal.userId, role: principal.role } : {}),
        },
        'request',
      );
    });
    next();
  };
}
