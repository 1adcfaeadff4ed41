import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiExtension, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/current-principal.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ROLES, type Principal } from '../auth/principal';
import { parseBody } from '../cycle-commands/parse-body';
import { ApiQueries, labellerFor, queryParameters } from '../queries/http';
import { noQuerySchema, parseParams } from '../queries/query-params';
import { assertJsonBody, Problems } from './http';
import {
  meSchema,
  notificationPageSchema,
  notificationsQuerySchema,
  preferencesPatchDocument,
  preferencesPatchSchema,
  readAllSchema,
} from './people-schemas';
import { PeopleService } from './people.service';
import { meView, notificationView, type MeView, type NotificationPage } from './people-views';

const everyRole = [...ROLES];

/**
 * The caller's own row of the people directory and their in-app inbox. Every role has one;
 * nobody reads or changes another's here.
 */
@ApiTags('people')
@Controller('v1/me')
export class MeController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Your row of the people directory: name, e-mail, preferences, role, countries, assignments',
    description:
      'Name, e-mail, language and time zone come from the claims of your sign-in (name, email, locale, zoneinfo), ' +
      'refreshed at each new token, except the language and time zone you chose (PATCH).',
  })
  @ApiQueries([])
  @ApiOkResponse({ schema: meSchema })
  @Problems([503, 'The directory could not record your sign-in'])
  async me(
    @CurrentPrincipal() principal: Principal,
    @Query() rawQuery: unknown,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MeView> {
    parseParams(noQuerySchema, rawQuery);
    const labels = labellerFor(request, response);
    const { person, assignments } = await this.people.me(principal, request.signIn ?? {});
    return meView(person, assignments, labels);
  }

  @Patch()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Set your language, time zone, e-mail delivery and daily digest',
    description:
      'A JSON merge patch (RFC 7396; application/json or application/merge-patch+json): members left out are ' +
      'kept; a value becomes your own choice, which later sign-ins no longer change; null withdraws it (language ' +
      'and time zone follow your sign-in claims again, delivery is digest again, the daily digest is on again). An ' +
      'empty object changes nothing.',
  })
  @ApiExtension('x-suivi-roles', everyRole)
  @ApiQueries([])
  @ApiBody({ schema: preferencesPatchDocument as never })
  @ApiOkResponse({ schema: meSchema, description: 'Your row as it now is' })
  @Problems(
    [400, 'No body, or a member at fault (named in `errors`)'],
    [415, 'A body that is not JSON'],
    [503, 'The directory could not record your sign-in'],
  )
  async update(
    @CurrentPrincipal() principal: Principal,
    @Query() rawQuery: unknown,
    @Body() body: unknown,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MeView> {
    parseParams(noQuerySchema, rawQuery);
    assertJsonBody(request);
    const patch = parseBody(preferencesPatchSchema, body);
    const labels = labellerFor(request, response);
    const { person, assignments } = await this.people.updateMe(principal, request.signIn ?? {}, patch);
    return meView(person, assignments, labels);
  }

  @Get('notifications')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Your in-app notifications: unread first, then newest first',
    description:
      'Every reminder sent to you is here, whatever your e-mail delivery. Notifications hold ids, codes and dates ' +
      '(cycle, action point, deadline), never names or text.',
  })
  @ApiQueries(queryParameters(notificationsQuerySchema))
  @ApiOkResponse({ schema: notificationPageSchema })
  @Problems()
  async notifications(
    @CurrentPrincipal() principal: Principal,
    @Query() rawQuery: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<NotificationPage> {
    const query = parseParams(notificationsQuerySchema, rawQuery);
    const labels = labellerFor(request, response);
    const { rows, total, unread } = await this.people.notifications(principal, query);
    return {
      items: rows.map((row) => notificationView(row, labels)),
      page: query.page,
      pageSize: query.pageSize,
      total,
      unread,
    };
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all your notifications read' })
  @ApiExtension('x-suivi-roles', everyRole)
  @ApiOkResponse({ schema: readAllSchema })
  @Problems()
  async readAll(@CurrentPrincipal() principal: Principal): Promise<{ marked: number }> {
    return { marked: await this.people.markAllRead(principal) };
  }

  @Post('notifications/:notificationId/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark one of your notifications read (again: harmless)' })
  @ApiExtension('x-suivi-roles', everyRole)
  @ApiResponse({ status: 204, description: 'Read' })
  @Problems([404, 'You have no such notification (another person’s is none of yours)'])
  async read(
    @CurrentPrincipal() principal: Principal,
    @Param('notificationId') notificationId: string,
    @Query() rawQuery: unknown,
  ): Promise<void> {
    parseParams(noQuerySchema, rawQuery);
    await this.people.markRead(principal, notificationId);
  }
}
