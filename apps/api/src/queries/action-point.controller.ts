import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import {
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
import { labellerFor } from './http';
import { actionPointSchema, problemContent } from './query-schemas';
import { ReadModelQueries } from './read-model-queries.service';
import { actionPointView, type ActionPointView } from './views';

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
  @ApiOperation({ summary: 'One action point of a cycle (as in the cycle view)' })
  @ApiOkResponse({ schema: actionPointSchema })
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
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ActionPointView> {
    const parts = await this.queries.cycle(cycleId);
    const country = parts?.cycle.country ?? null;
    if (country === null ? !readsAllCountries(principal) : !mayRead(principal, country)) throw new ForbiddenProblem();
    const row = parts?.actionPoints.find((ap) => ap.action_point_id === actionPointId);
    if (!row) throw new ProblemDetailsException(404, `No action point ${actionPointId} in cycle ${cycleId}.`);
    return actionPointView(row, labellerFor(request, response));
  }
}
