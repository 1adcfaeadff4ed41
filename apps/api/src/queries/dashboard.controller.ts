import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ForbiddenProblem } from '../auth/forbidden.problem';
import { mayRead, type Principal } from '../auth/principal';
import { ApiPathParam, ApiQueries, labellerFor } from './http';
import { countryParamSchema, noQuerySchema, parseParams, parsePathParam } from './query-params';
import { dashboardSchema, problemContent } from './query-schemas';
import { ReadModelQueries } from './read-model-queries.service';
import { dashboardView, type DashboardView } from './views';

export const NEXT_DEADLINES = 10;

@ApiTags('queries')
@ApiBearerAuth()
@Controller('v1/countries')
export class DashboardController {
  constructor(private readonly queries: ReadModelQueries) {}

  @Get(':country/dashboard')
  @ApiOperation({
    summary: 'A country dashboard: counts by status, overdue, carried over, next deadlines',
    description: `A country without cycles has zero counts. The next ${NEXT_DEADLINES} open agreed deadlines from today on.`,
  })
  @ApiPathParam('country', countryParamSchema)
  @ApiQueries([])
  @ApiOkResponse({ schema: dashboardSchema })
  @ApiBadRequestResponse({ description: 'Not a partner code.', content: problemContent })
  @ApiUnauthorizedResponse({ description: 'Missing, expired or wrongly signed token.', content: problemContent })
  @ApiForbiddenResponse({ description: 'A country outside your scope.', content: problemContent })
  async dashboard(
    @CurrentPrincipal() principal: Principal,
    @Param('country') rawCountry: string,
    @Query() rawQuery: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DashboardView> {
    const country = parsePathParam('country', countryParamSchema, rawCountry);
    parseParams(noQuerySchema, rawQuery);
    if (!mayRead(principal, country)) throw new ForbiddenProblem();
    const labels = labellerFor(request, response);
    const { statistics, next } = await this.queries.dashboard(country, NEXT_DEADLINES);
    return dashboardView(country, statistics, next, labels);
  }
}
