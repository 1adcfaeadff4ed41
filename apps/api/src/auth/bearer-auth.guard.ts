import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../logging/root-logger';
import type { AuthenticatedRequest } from './current-principal.decorator';
import { IS_PUBLIC } from './public.decorator';
import { TokenVerifier } from './token-verifier';
import { UnauthorizedProblem } from './unauthorized.problem';

/** Token68 syntax (RFC 7235), which every JWT satisfies. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** Resources under /v1 need a token; health, metrics, docs and the codec stay open to operators. */
export function requiresToken(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/');
}

/**
 * Global guard: verifies the bearer token of every /v1 route not marked @Public() and puts
 * the principal on the request. A refusal is a 401 problem with a WWW-Authenticate
 * challenge (RFC 6750); the token itself is never logged.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!requiresToken(request.path)) return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;

    try {
      const verified = await this.verifier.verifyToken(bearerTokenOf(request.headers.authorization));
      request.principal = verified.principal;
      request.signIn = verified.signIn;
    } catch (error) {
      if (error instanceof UnauthorizedProblem) {
        context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', error.challenge);
      }
      throw error;
    }
    this.logger.debug({ userId: request.principal.userId, role: request.principal.role }, 'request authenticated');
    return true;
  }
}

function bearerTokenOf(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === '') {
    throw new UnauthorizedProblem('A bearer token is required.');
  }
  const match = BEARER.exec(authorization.trim());
  if (!match) {
    throw new UnauthorizedProblem('The Authorization header must read "Bearer <token>".', 'invalid_request');
  }
  return match[1];
}
