import { ForbiddenException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Headers the Temporal Web UI sends to a remote codec (authorization only when it forwards the user's token). */
const ALLOWED_HEADERS = 'content-type, x-namespace, authorization';

/**
 * CORS for the codec routes only, for an explicit list of origins (the Temporal Web UI).
 * Requests without an Origin header (temporal CLI, curl) are not cross-origin and pass.
 * A browser request from any other origin is refused outright rather than merely left
 * without CORS headers, so a foreign page cannot even make the server decrypt.
 * Installed as plain Express middleware ahead of the body parser, so that errors the
 * parser raises still carry the CORS headers the UI needs to read them.
 */
export function codecCorsMiddleware(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins);
  return (request: Request, response: Response, next: NextFunction): void => {
    response.vary('Origin');
    const origin = request.headers.origin;
    if (origin === undefined) {
      if (request.method === 'OPTIONS') return next(new ForbiddenException('CORS preflight without an Origin header'));
      return next();
    }
    if (!allowed.has(origin)) return next(new ForbiddenException(`origin ${origin} may not call the codec endpoint`));

    response.setHeader('Access-Control-Allow-Origin', origin);
    // The UI's "include credentials" codec option sends cookies; harmless with an exact origin list.
    response.setHeader('Access-Control-Allow-Credentials', 'true');
    if (request.method !== 'OPTIONS') return next();

    response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
    response.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    response.setHeader('Access-Control-Max-Age', '600');
    response.status(204).end();
  };
}
