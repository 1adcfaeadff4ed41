import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from './metrics.service';

/** Label of requests that matched no route (404s, and bodies rejected before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Plain Express middleware, installed before the body parsers so that every request
 * is timed, including rejected ones. The route label is the matched template
 * (`/health/ready`), never the raw URL, to keep the label set bounded.
 */
export function httpMetricsMiddleware(metrics: MetricsService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const stopTimer = metrics.httpRequestDuration.startTimer();
    response.once('finish', () => {
      const routePath: unknown = request.route?.path;
      const route = typeof routePath === 'string' ? `${request.baseUrl}${routePath}` : UNMATCHED_ROUTE;
      stopTimer({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  };
}
