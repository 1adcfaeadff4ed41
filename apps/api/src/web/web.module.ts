import { Module } from '@nestjs/common';
import { WebConfigController } from './web-config.controller';

/**
 * The web app's side of the API: /web-config.json. The build itself is served by
 * webAppMiddleware (installed by configureApp, ahead of Nest's routes).
 */
@Module({ controllers: [WebConfigController] })
export class WebModule {}
