import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BearerAuthGuard } from './bearer-auth.guard';
import { DevIssuerController } from './dev-issuer.controller';
import { TokenVerifier } from './token-verifier';

/** Bearer-token authentication of every /v1 route (a global guard) and the development issuer's endpoints. */
@Module({
  controllers: [DevIssuerController],
  providers: [TokenVerifier, { provide: APP_GUARD, useClass: BearerAuthGuard }],
  exports: [TokenVerifier],
})
export class AuthModule {}
