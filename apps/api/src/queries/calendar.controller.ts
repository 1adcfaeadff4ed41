import { applyDecorators, Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtension,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { ApiConfig } from '@suivi/config';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Public } from '../auth/public.decorator';
import { ProblemDetailsException } from '../common/problem-details';
import { API_CONFIG } from '../config/api-config';
import { deadlinesCalendar } from './calendar-ics';
import { FEED_TOKEN_MAX_AGE_DAYS, FeedTokenError, issueFeedToken, verifyFeedToken } from './calendar-feed-token';
import { ApiQueries, labellerFor, queryParameters } from './http';
import { Labeller } from './labels';
import { noQuerySchema, parseParams } from './query-params';
import { calendarFeedSchema, problemContent } from './query-schemas';
import { ReadModelQueries } from './read-model-queries.service';
import { countryScope } from './read-scope';
import { z } from 'zod';

/**
 * A feed token is about 200 characters; the bound keeps a URL carrying one, even percent-encoded,
 * under the HTTP server's 16 KB header limit (beyond it Node answers 431 before the API sees it).
 */
const FEED_TOKEN_MAX_LENGTH = 1024;

/** The feed token, `<payload>.<signature>` in base64url; missing, it is a 401 (as a tampered one). */
const feedQuerySchema = z
  .object({
    token: z
      .string()
      .max(FEED_TOKEN_MAX_LENGTH)
      .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'expected the token of a calendar feed URL')
      .optional()
      .meta({ description: 'From /v1/me/calendar-feed' }),
  })
  .strict();

/** The feed's token parameter, documented from feedQuerySchema (required: without it the answer is 401). */
const ApiFeedQuery = (): MethodDecorator =>
  applyDecorators(...queryParameters(feedQuerySchema, ['token']).map((options) => ApiQuery(options)));

@ApiTags('queries')
@Controller('v1')
export class CalendarController {
  private readonly secret: Buffer;

  constructor(
    private readonly queries: ReadModelQueries,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.secret = Buffer.from(config.CALENDAR_FEED_SECRET, 'base64');
  }

  @Get('me/calendar-feed')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The URL of your calendar feed of deadlines (iCalendar), to subscribe to',
    description:
      `The URL carries a signed token with your role and countries as they are now, and the label language of ` +
      `Accept-Language. It expires after ${FEED_TOKEN_MAX_AGE_DAYS} days: ask again for a new one.`,
  })
  @ApiQueries([])
  @ApiOkResponse({ schema: calendarFeedSchema })
  @ApiUnauthorizedResponse({ description: 'Missing, expired or wrongly signed token.', content: problemContent })
  @ApiBadRequestResponse({ description: 'Any query parameter, or a bad Accept-Language.', content: problemContent })
  feedUrl(
    @CurrentPrincipal() principal: Principal,
    @Query() rawQuery: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): { url: string; expiresAt: string } {
    parseParams(noQuerySchema, rawQuery);
    const labels = labellerFor(request, response);
    const now = new Date();
    const token = issueFeedToken(principal, labels.language, this.secret, now);
    response.setHeader('Cache-Control', 'no-store');
    return {
      url: `${this.baseUrl(request)}/v1/calendar.ics?token=${encodeURIComponent(token)}`,
      expiresAt: new Date(now.getTime() + FEED_TOKEN_MAX_AGE_DAYS * 86_400_000).toISOString(),
    };
  }

  @Get('calendar.ics')
  @Public()
  // No bearer token: the document says so (security: []), as for the operations outside /v1.
  @ApiExtension('x-public', true)
  @ApiOperation({
    summary: 'iCalendar feed (RFC 5545) of the open agreed deadlines you may see',
    description:
      'No bearer token: calendar programs cannot send one. The `token` comes from /v1/me/calendar-feed. ' +
      'One all-day event per deadline, UID `<cycleId>.<actionPointId>@suivi`; summaries hold ids and theme ' +
      'labels, never action point text.',
  })
  @ApiFeedQuery()
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'VCALENDAR', content: { 'text/calendar': { schema: { type: 'string' } } } })
  @ApiUnauthorizedResponse({ description: 'Missing, tampered or expired feed token.', content: problemContent })
  @ApiBadRequestResponse({
    description: 'An unknown or repeated parameter, or a token not shaped as one.',
    content: problemContent,
  })
  async feed(@Query() rawQuery: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { token } = parseParams(feedQuerySchema, rawQuery);
    let verified: ReturnType<typeof verifyFeedToken>;
    try {
      verified = verifyFeedToken(token, this.secret);
    } catch (error) {
      if (error instanceof FeedTokenError) throw new ProblemDetailsException(401, error.message);
      throw error;
    }
    const rows = await this.queries.calendar(countryScope(verified.principal, undefined));
    const labels = new Labeller(verified.language);
    response
      .status(200)
      .setHeader('Content-Type', 'text/calendar; charset=utf-8')
      .setHeader('Content-Language', labels.language)
      .setHeader('Cache-Control', 'private, max-age=300')
      .setHeader('Content-Disposition', 'inline; filename="suivi-deadlines.ics"')
      .send(deadlinesCalendar(rows, labels, this.baseUrl(request)));
  }

  private baseUrl(request: Request): string {
    return (this.config.API_PUBLIC_URL ?? `${request.protocol}://${request.get('host')}`).replace(/\/+$/, '');
  }
}
