import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../logging/root-logger';
import { DEPENDENCY_RETRY_AFTER_SECONDS, isDependencyUnavailable } from './dependency-unavailable';
import { PROBLEM_JSON, ProblemDetailsException, statusTitle, type ProblemDetails } from './problem-details';

/**
 * Every error leaves the API as application/problem+json: handler exceptions, unknown
 * routes (Nest's not-found handler) and body-parser failures (Nest maps malformed JSON
 * to 400; size and charset errors arrive as http-errors with their own status).
 * A dependency that cannot be reached (PostgreSQL restarting, Temporal's frontend down) is
 * answered 503 with Retry-After; other unexpected errors are logged with their stack and
 * answered with a generic 500.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(ROOT_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = toProblemDetails(exception, requestPath(request));
    if (problem.status === 404 && problem.detail === `Cannot ${request.method} ${request.originalUrl}`) {
      // Nest's not-found message echoes the whole URL; keep the query string out, as for `instance`.
      problem.detail = `No route matches ${request.method} ${problem.instance}`;
    }

    if (problem.status >= 500 && !(exception instanceof HttpException)) {
      const unavailable = problem.status === 503;
      this.logger[unavailable ? 'warn' : 'error'](
        { err: exception, method: request.method, path: problem.instance },
        unavailable ? 'dependency unavailable' : 'unhandled error',
      );
    }
    if (response.headersSent) {
      // Too late for a problem document; cut the response so the client sees it failed.
      response.destroy();
      return;
    }
    if (exception instanceof ProblemDetailsException) {
      for (const [name, value] of Object.entries(exception.headers)) response.setHeader(name, value);
    } else if (problem.status === 503) {
      response.setHeader('Retry-After', String(DEPENDENCY_RETRY_AFTER_SECONDS));
    }
    response.status(problem.status).type(PROBLEM_JSON).send(JSON.stringify(problem));
  }
}

export function toProblemDetails(exception: unknown, instance: string): ProblemDetails {
  if (exception instanceof ProblemDetailsException) {
    const status = exception.getStatus();
    const problem: ProblemDetails = { ...base(status, instance), detail: exception.detail };
    // Extension members follow the standard ones and may not replace them.
    for (const [name, value] of Object.entries(exception.extensions)) {
      if (!(name in problem)) problem[name] = value;
    }
    return problem;
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return { ...base(status, instance), detail: httpExceptionDetail(exception) };
  }
  const httpError = asHttpError(exception);
  if (httpError) {
    // body-parser marks client-caused errors as exposable; anything else stays generic.
    const detail = httpError.expose ? httpError.message : statusTitle(httpError.status);
    return { ...base(httpError.status, instance), detail };
  }
  if (isDependencyUnavailable(exception)) {
    return {
      ...base(503, instance),
      detail:
        'A service Suivi depends on is unavailable or restarting; try again shortly. A command retried ' +
        'with the same Idempotency-Key is never applied twice.',
      code: 'DEPENDENCY_UNAVAILABLE',
    };
  }
  return { ...base(500, instance), detail: 'An unexpected error occurred.' };
}

function base(status: number, instance: string): ProblemDetails {
  return { type: 'about:blank', title: statusTitle(status), status, instance };
}

function httpExceptionDetail(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}

interface HttpError {
  status: number;
  expose: boolean;
  message: string;
}

function asHttpError(exception: unknown): HttpError | undefined {
  if (!(exception instanceof Error)) return undefined;
  const { status, expose } = exception as Error & { status?: unknown; expose?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 599) return undefined;
  return { status, expose: expose === true, message: exception.message };
}

// The query string is left out: it may carry tokens and is not needed to identify the occurrence.
function requestPath(request: Request): string {
  const url = request.originalUrl ?? request.url ?? '/';
  return url.split('?')[0];
}
