import { Controller, Get, Header, Inject, NotFoundException, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ApiConfig } from '@suivi/config';
import { DEV_ISSUER_ALGORITHM, devIssuerJwks } from '@suivi/dev-issuer';
import type { Request } from 'express';
import type { JWK } from 'jose';
import { API_CONFIG } from '../config/api-config';
import { Public } from './public.decorator';

export const DEV_ISSUER_PATH = '/dev-issuer';
export const DEV_ISSUER_JWKS_PATH = `${DEV_ISSUER_PATH}/jwks.json`;

/**
 * The development issuer's public keys and discovery document, so that an OIDC client
 * library (or another service) can verify the tokens `npm run token` prints. Without
 * AUTH_DEV_ISSUER_DIR (always so in production) both answer exactly as an unknown route.
 * Left out of the OpenAPI document: it is a development aid, not part of the API.
 */
@ApiExcludeController()
@Public()
@Controller(DEV_ISSUER_PATH.slice(1))
export class DevIssuerController {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  async jwks(@Req() request: Request): Promise<{ keys: JWK[] }> {
    return devIssuerJwks(this.issuerDir(request));
  }

  @Get('.well-known/openid-configuration')
  openIdConfiguration(@Req() request: Request): Record<string, unknown> {
    this.issuerDir(request);
    const base = this.config.API_PUBLIC_URL?.replace(/\/+$/, '') ?? `${request.protocol}://${request.get('host')}`;
    return {
      issuer: this.config.AUTH_ISSUER,
      jwks_uri: `${base}${DEV_ISSUER_JWKS_PATH}`,
      id_token_signing_alg_values_supported: [DEV_ISSUER_ALGORITHM],
      subject_types_supported: ['public'],
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        this.config.AUTH_ROLE_CLAIM,
        this.config.AUTH_COUNTRIES_CLAIM,
      ],
    };
  }

  private issuerDir(request: Request): string {
    const dir = this.config.AUTH_DEV_ISSUER_DIR;
    // Same message as Nest's own not-found handler, which the problem filter rewrites alike.
    if (!dir) throw new NotFoundException(`Cannot ${request.method} ${request.originalUrl}`);
    return dir;
  }
}
