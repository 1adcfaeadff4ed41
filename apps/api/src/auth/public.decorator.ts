import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'suivi:auth:public';

/** Marks a /v1 route (or a whole controller) that needs no bearer token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
