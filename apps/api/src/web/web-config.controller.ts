import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ApiConfig } from '@suivi/config';
import { Public } from '../auth/public.decorator';
import { ProblemDetailsException } from '../common/problem-details';
import { API_CONFIG } from '../config/api-config';
import { webConfigOf, type WebConfig } from './web-config';

/**
 * GET /web-config.json: the web app's OpenID provider, client and scopes, read by the app at
 * start. Not part of the API (left out of the OpenAPI document); revalidated on every load so
 * that a configuration change reaches browsers at once.
 */
@ApiExcludeController()
@Public()
@Controller()
export class WebConfigController {
  private readonly webConfig: WebConfig | undefined;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.webConfig = webConfigOf(config);
  }

  @Get('web-config.json')
  @Header('Cache-Control', 'no-cache')
  get(): WebConfig {
    if (!this.webConfig) {
      throw new ProblemDetailsException(
        503,
        "The web app's sign-in is not configured: set WEB_OIDC_AUTHORITY and WEB_OIDC_CLIENT_ID.",
      );
    }
    return this.webConfig;
  }
}
