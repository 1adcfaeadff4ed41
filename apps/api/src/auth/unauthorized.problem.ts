import { ProblemDetailsException } from '../common/problem-details';

/** Why a request was not authenticated; RFC 6750 error codes. */
export type BearerError = 'invalid_request' | 'invalid_token';

/**
 * 401 for a missing, malformed, expired or wrongly signed bearer token. The detail says
 * which of those it was (the caller owns the token), never anything about the resource.
 * The WWW-Authenticate challenge (RFC 6750) is in `challenge`; the authentication guard
 * sets it on the response.
 */
export class UnauthorizedProblem extends ProblemDetailsException {
  readonly challenge: string;

  constructor(detail: string, error?: BearerError) {
    super(401, detail);
    // No error code when no token was sent at all (RFC 6750 section 3.1).
    this.challenge = error
      ? `Bearer realm="suivi", error="${error}", error_description="${detail.replace(/["\\]/g, '')}"`
      : 'Bearer realm="suivi"';
  }
}
