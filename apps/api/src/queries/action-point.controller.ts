import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ForbiddenProblem } from '../auth/forbidden.problem';
import { mayRead, readsAllCountries, type Principal } from '../auth/principal';
import { ProblemDetailsException } from '../common/problem-details';
import { actionPointView, type ActionPointView } from './action-point-views';
import { ApiQueries, labellerFor } from './http';
import { actionPointQuerySchema, parseParams } from './query-params';
import { actionPointQueries, actionPointSchema, problemContent } from './query-schemas';
import { ReadModelQueries } from './read-model-queries.service';
import { cycleAtLeast, readModelVersionHeader, setReadModelVersion } from './read-your-writes';

/**
 * One action point: where `Location` points after a command created it (the cycle may have
 * chosen its id). Same access rule as the cycle it belongs to.
 */
@ApiTags('queries')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, expired or wrongly signed token.', content: problemContent })
@Controller('v1/cycles')
export class ActionPointController {
  constructor(private readonly queries: ReadModelQueries) {}

  @Get(':cycleId/action-points/:actionPointId')
  @ApiOperation({
    summary: 'One action point of a cycle (as in the cycle view)',
    description:
      'With `minVersion` (the version of the command reply that created or changed it), it first waits, bounded, ' +
      'for the read model to hold that version of the cycle.',
  })
  @ApiQueries(actionPointQueries)
  @ApiOkResponse({ schema: actionPointSchema, headers: readModelVersionHeader(true) })
  @ApiBadRequestResponse({ description: 'A bad minVersion, or an unknown parameter.', content: problemContent })
  @ApiForbiddenResponse({
    description: 'A cycle outside your country scope (or unknown, if scoped).',
    content: problemContent,
  })
  @ApiNotFoundResponse({
    description: 'No such cycle or action point (yet: the read model follows within seconds).',
    content: problemContent,
  })
  async one(
    @CurrentPrincipal() principal: Principal,
    // Checked against their schemas by the global RequestTextPipe (PATH_PARAMETERS).
    @Param('cycleId') cycleId: string,
    @Param('actionPointId') actionPointId: string,
    @Query() rawQuery: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ActionPointView> {
    const { minVersion } = parseParams(actionPointQuerySchema, rawQuery);
    let parts = await this.queries.cycle(cycleId);
    const country = parts?.cycle.country ?? null;
    if (country === null ? !readsAllCountries(principal) : !mayRead(principal, country)) throw new ForbiddenProblem();
    if (parts) parts = await cycleAtLeast(this.queries, parts, minVersion, response);
    const row = parts?.actionPoints.find((ap) => ap.action_point_id === actionPointId);
    if (!parts || !row) throw new ProblemDetailsException(404, `No action point ${actionPointId} in cycle ${cycleId}.`);
    const labels = labellerFor(request, response);
    setReadModelVersion(response, parts.cycle.version);
    return actionPointView(row, labels);
  }
}
