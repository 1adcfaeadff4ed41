import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ApiConfig } from '@suivi/config';
import { devIssuerJwks } from '@suivi/dev-issuer';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import { ProblemDetailsException } from '../common/problem-details';
import { API_CONFIG } from '../config/api-config';
import { ROOT_LOGGER } from '../logging/root-logger';
import { acceptedIssuersOf } from './dev-oidc/dev-oidc-issuer';
import type { Principal } from './principal';
import { principalFromClaims, signInClaimsOf, type SignInClaims } from './principal-from-claims';
import { UnauthorizedProblem } from './unauthorized.problem';

/** Asymmetric algorithms only: never `none`, never HS* (a public key must not double as a shared secret). */
export const ACCEPTED_ALGORITHMS = ['ES256', 'RS256', 'PS256'];
/** Tolerated clock difference between the issuer and this server. */
export const CLOCK_TOLERANCE_SECONDS = 30;
/** Tokens already verified, kept until they expire: a client sends the same token many times. */
const VERIFIED_CACHE_SIZE = 10_000;

/** A verified token: the caller, and the claims about the person the people directory records. */
export interface VerifiedToken {
  principal: Principal;
  signIn: SignInClaims;
}

/**
 * Verifies bearer tokens against the issuer's JWKS (AUTH_JWKS_URL, fetched and cached by
 * jose) or, in development, against the local development issuer's key pair, which is
 * generated at start-up if missing. In development two issuers sign with that key: AUTH_ISSUER
 * (`npm run token`) and the development OpenID provider (`<API public URL>/dev-issuer`, the web
 * app's sign-in); without AUTH_DEV_ISSUER_DIR only AUTH_ISSUER is accepted.
 */
@Injectable()
export class TokenVerifier implements OnModuleInit {
  private keySet?: JWTVerifyGetKey;
  private readonly issuers: string[];
  /**
   * Token → principal, until the token's `exp`. A signature check costs more than the rest of a
   * command's HTTP handling; a token's claims cannot change, so checking it once is enough.
   * Insertion order bounds it: the oldest entry leaves first.
   */
  private readonly verified = new Map<string, VerifiedToken & { expiresAtMs: number }>();

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.issuers = acceptedIssuersOf(config);
  }

  async onModuleInit(): Promise<void> {
    const { AUTH_JWKS_URL, AUTH_DEV_ISSUER_DIR } = this.config;
    if (AUTH_JWKS_URL) {
      this.keySet = createRemoteJWKSet(new URL(AUTH_JWKS_URL), { timeoutDuration: 5000 });
    } else if (AUTH_DEV_ISSUER_DIR) {
      this.keySet = createLocalJWKSet(await devIssuerJwks(AUTH_DEV_ISSUER_DIR));
    } else {
      // The configuration schema requires one of the two; reaching this is a wiring error.
      throw new Error('neither AUTH_JWKS_URL nor AUTH_DEV_ISSUER_DIR is set');
    }
  }

  async verify(token: string): Promise<Principal> {
    return (await this.verifyToken(token)).principal;
  }

  /** The principal of a token, with the claims about the person (for the people directory). */
  async verifyToken(token: string): Promise<VerifiedToken> {
    const cached = this.verified.get(token);
    if (cached && Date.now() < cached.expiresAtMs) return { principal: cached.principal, signIn: cached.signIn };
    if (cached) this.verified.delete(token);
    const verified = await this.verifyOnce(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, verified);
    return { principal: verified.principal, signIn: verified.signIn };
  }

  private async verifyOnce(token: string): Promise<VerifiedToken & { expiresAtMs: number }> {
    if (!this.keySet) throw new Error('TokenVerifier used before the module was initialised');
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keySet, {
        issuer: this.issuers,
        audience: this.config.AUTH_AUDIENCE,
        algorithms: ACCEPTED_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw this.verificationProblem(error);
    }
    const principal = principalFromClaims(payload, {
      roleClaim: this.config.AUTH_ROLE_CLAIM,
      countriesClaim: this.config.AUTH_COUNTRIES_CLAIM,
    });
    // exp is required above; without the tolerance, a cached token stops a little early, never late.
    return { principal, signIn: signInClaimsOf(payload), expiresAtMs: (payload.exp as number) * 1000 };
  }

  private verificationProblem(error: unknown): ProblemDetailsException {
    if (error instanceof errors.JWTExpired) {
      return new UnauthorizedProblem('The bearer token has expired.', 'invalid_token');
    }
    // The issuer's keys could not be had: the token may well be good, so this is ours, not the caller's.
    if (
      error instanceof errors.JWKSTimeout ||
      error instanceof errors.JWKSInvalid ||
      !(error instanceof errors.JOSEError)
    ) {
      this.logger.warn(
        { errorCode: (error as { code?: unknown }).code, errorName: (error as Error | undefined)?.name },
        'token issuer keys unavailable',
      );
      return new ProblemDetailsException(503, 'The token issuer cannot be reached; try again later.');
    }
    return new UnauthorizedProblem(
      'The bearer token is not valid here (signature, issuer, audience or validity period).',
      'invalid_token',
    );
  }
}
