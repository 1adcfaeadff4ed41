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
import {
  crossCountryDashboardView,
  dashboardView,
  type CrossCountryDashboardView,
  type DashboardView,
} from './dashboard-views';
import { ApiPathParam, ApiQueries, ApiQueryParameters, labellerFor } from './http';
import { countryParamSchema, dashboardQuerySchema, noQuerySchema, parseParams, parsePathParam } from './query-params';
import { crossCountryDashboardSchema, dashboardQueries, dashboardSchema, problemContent } from './query-schemas';
import { ReadModelQueries } from './read-model-queries.service';
import { countryScope } from './read-scope';

export const NEXT_DEADLINES = 10;

@ApiTags('queries')
@ApiBearerAuth()
@Controller('v1')
export class DashboardController {
  constructor(private readonly queries: ReadModelQueries) {}

  @Get('dashboard')
  @ApiOperation({
    summary: 'Every country in your scope at a glance: open, overdue, carried over, assessed action points',
    description:
      'One entry per country, by country code, and their sum. Reviewers and auditors: every country with cycles; ' +
      'desk officers and delegations: their own countries, zeros where there is no cycle yet. `country` narrows ' +
      'the list (a country outside your scope: 403). Counting rules as on the country dashboard.',
  })
  @ApiQueryParameters(dashboardQueries)
  @ApiOkResponse({ schema: crossCountryDashboardSchema })
  @ApiBadRequestResponse({
    description: 'An unknown parameter or a bad value (named in `errors`).',
    content: problemContent,
  })
  @ApiUnauthorizedResponse({ description: 'Missing, expired or wrongly signed token.', content: problemContent })
  @ApiForbiddenResponse({ description: 'A country filter outside your scope.', content: problemContent })
  async crossCountry(
    @CurrentPrincipal() principal: Principal,
    @Query() rawQuery: unknown,
  ): Promise<CrossCountryDashboardView> {
    const query = parseParams(dashboardQuerySchema, rawQuery);
    const scope = countryScope(principal, query.country);
    return crossCountryDashboardView(await this.queries.countrySummaries(scope), scope);
  }

  @Get('countries/:country/dashboard')
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
