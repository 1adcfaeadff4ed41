import { Controller, Get, Header, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtension, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { ApiQueryParameters, queryParameters } from '../queries/http';
import { parseParams } from '../queries/query-params';
import { PublicProblems } from './http';
import { oneClickBodySchema, unsubscribeQuerySchema, unsubscribeResultSchema } from './people-schemas';
import { UnsubscribeService, type UnsubscribeResult } from './unsubscribe.service';

/** Where a browser that opened a link lands: the web app's page of e-mail preferences (same origin). */
export const PREFERENCES_PAGE = '/preferences';

const badToken: [number, string] = [400, 'No token, or a token not shaped as one'];
const notSigned: [number, string] = [403, 'A token Suivi did not sign (or signed with a key no longer configured)'];
const notConfigured: [number, string] = [503, 'The API has no NOTIFIER_UNSUBSCRIBE_KEY (never in production)'];

/**
 * The one-click unsubscribe of every Suivi e-mail (RFC 8058): its List-Unsubscribe header points
 * here with a signed token, the only authority (no bearer token: mail clients send none). POST
 * acts; GET never does, since mail scanners follow links.
 */
@ApiTags('people')
@Public()
@Controller('v1/me/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly unsubscribe: UnsubscribeService) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  // No bearer token: the document says so (security: []).
  @ApiExtension('x-public', true)
  @ApiOperation({
    summary: 'One-click unsubscribe (RFC 8058): stop all e-mail, or the daily digest',
    description:
      'What the mail client POSTs to the List-Unsubscribe URL of a Suivi e-mail. The token says whose preference ' +
      'changes and how: `delivery-none` sets delivery to none (the in-app inbox keeps everything), `digest-off` ' +
      'turns the daily digest off. Again: the same answer, nothing more changes. The body, if any, is ignored.',
  })
  @ApiQueryParameters(queryParameters(unsubscribeQuerySchema))
  @ApiConsumes('application/x-www-form-urlencoded', 'multipart/form-data')
  @ApiBody({ required: false, schema: oneClickBodySchema, description: 'List-Unsubscribe=One-Click' })
  @ApiOkResponse({ schema: unsubscribeResultSchema, description: 'Your e-mail preferences as they now are' })
  @PublicProblems(
    badToken,
    notSigned,
    [404, 'The person the link was sent to is not in the people directory'],
    [415, 'A body that is neither form encoding (nor JSON)'],
    notConfigured,
  )
  oneClick(@Query() rawQuery: unknown): Promise<UnsubscribeResult> {
    const { token } = parseParams(unsubscribeQuerySchema, rawQuery);
    return this.unsubscribe.unsubscribe(token);
  }

  @Get()
  @ApiExtension('x-public', true)
  @ApiOperation({
    summary: 'An unsubscribe link opened in a browser: to the preferences page, changing nothing',
    description:
      `303 to ${PREFERENCES_PAGE}?unsubscribe=<action> in the web app, where the person confirms. A GET never ` +
      'changes anything: mail scanners and link previews follow links.',
  })
  @ApiQueryParameters(queryParameters(unsubscribeQuerySchema))
  @ApiResponse({
    status: 303,
    description: 'To the web app’s preferences page',
    headers: {
      Location: { schema: { type: 'string', example: `${PREFERENCES_PAGE}?unsubscribe=delivery-none` } },
    },
  })
  @PublicProblems(badToken, notSigned, notConfigured)
  toPreferences(@Query() rawQuery: unknown, @Res() response: Response): void {
    const { token } = parseParams(unsubscribeQuerySchema, rawQuery);
    const { action } = this.unsubscribe.requestOf(token);
    response
      .setHeader('Cache-Control', 'no-store')
      // The address carries the token: not to be passed on as a Referer.
      .setHeader('Referrer-Policy', 'no-referrer')
      .redirect(303, `${PREFERENCES_PAGE}?unsubscribe=${action}`);
  }
}
