import { Module } from '@nestjs/common';

/** Placeholder wired into AppModule; filled in by the auth work of issue 6. */
@Module({})
export class AuthModule {}
