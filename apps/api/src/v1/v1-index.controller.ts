import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OPENAPI_JSON_PATH, SWAGGER_UI_PATH } from '../docs/openapi';

export interface V1Index {
  links: Record<string, { href: string }>;
}

/** Entry point of the versioned resources. */
@ApiTags('v1')
@Controller('v1')
export class V1IndexController {
  @Get()
  @ApiOperation({ summary: 'Index of version 1 resources' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        links: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { href: { type: 'string' } } },
        },
      },
    },
  })
  index(): V1Index {
    return {
      links: {
        self: { href: '/v1' },
        cycles: { href: '/v1/cycles' },
        actionPoints: { href: '/v1/action-points' },
        actionPointsCsv: { href: '/v1/action-points.csv' },
        calendarFeed: { href: '/v1/me/calendar-feed' },
        me: { href: '/v1/me' },
        notifications: { href: '/v1/me/notifications' },
        people: { href: '/v1/people' },
        openapi: { href: OPENAPI_JSON_PATH },
        docs: { href: SWAGGER_UI_PATH },
      },
    };
  }
}
