import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BearerAuthGuard } from './bearer-auth.guard';
import { TokenVerifier } from './token-verifier';

/**
 * Bearer-token authentication of every /v1 route (a global guard). The development OpenID
 * provider (dev-oidc/) is mounted by main.ts, outside Nest's modules.
 */
@Module({
  providers: [TokenVerifier, { provide: APP_GUARD, useClass: BearerAuthGuard }],
  exports: [TokenVerifier],
})
export class AuthModule {}
