import type { IncomingMessage } from 'node:http';
import { ApiResponse } from '@nestjs/swagger';
import { ProblemDetailsException } from '../common/problem-details';
import { problemContent } from '../queries/query-schemas';

/** Documents problem answers of a route (401 always: every people route but the unsubscribe link takes a token). */
export function Problems(...responses: Array<[number, string]>): MethodDecorator {
  return PublicProblems([401, 'Missing, expired or invalid bearer token'], ...responses);
}

/** Documents problem answers of a route that takes no bearer token. */
export function PublicProblems(...responses: Array<[number, string]>): MethodDecorator {
  return (target, key, descriptor) => {
    for (const [status, description] of responses) {
      ApiResponse({ status, description, content: problemContent })(target, key, descriptor);
    }
    return descriptor;
  };
}

/**
 * A body that is not JSON would reach the handler as none at all (the JSON parser skips it):
 * 415, as for POST (configure-app.ts), rather than read as an empty patch; no body is a 400.
 */
export function assertJsonBody(request: IncomingMessage): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'];
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const json = mediaType === 'application/json' || /^application\/[\w.-]+\+json$/.test(mediaType);
  if (hasBody && !json) {
    throw new ProblemDetailsException(415, 'Send the body as application/json (or application/merge-patch+json).');
  }
  // No body at all is a mistake, not an empty patch (`{}` says "change nothing"; found by Schemathesis).
  if (!hasBody) {
    throw new ProblemDetailsException(400, 'Send a JSON merge patch of your preferences, e.g. {"language": "fr"}.');
  }
}
