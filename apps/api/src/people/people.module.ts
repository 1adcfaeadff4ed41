import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { MetricsModule } from '../metrics/metrics.module';
import { MeController } from './me.controller';
import { PeopleController } from './people.controller';
import { PEOPLE_STORE } from './people-store';
import { PeopleService } from './people.service';
import { PostgresPeopleStore } from './postgres-people-store';
import { SignInInterceptor, SignInRecorder } from './sign-in-recorder';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe.service';

/**
 * The people directory, filled at each sign-in (a global interceptor); who covers which country;
 * the in-app inbox and the one-click unsubscribe of e-mails. Its tables come with the API's migrations (api schema).
 */
@Module({
  imports: [MetricsModule],
  controllers: [MeController, PeopleController, UnsubscribeController],
  providers: [
    PostgresPeopleStore,
    { provide: PEOPLE_STORE, useExisting: PostgresPeopleStore },
    SignInRecorder,
    PeopleService,
    UnsubscribeService,
    { provide: APP_INTERCEPTOR, useClass: SignInInterceptor },
  ],
})
export class PeopleModule {}
