import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from './principal';
import type { SignInClaims } from './principal-from-claims';

/** A request the authentication guard let through: it carries the verified principal. */
export interface AuthenticatedRequest extends Request {
  principal?: Principal;
  /** The token's claims about the person (name, e-mail, locale, zone) and its id, for the people directory. */
  signIn?: SignInClaims;
}

/**
 * The verified caller of a /v1 route, set by the global authentication guard. On a route
 * marked @Public() there is none: the guard never ran, and this throws rather than
 * letting a handler act for nobody.
 */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal() used on a route the authentication guard did not cover');
  return principal;
});
