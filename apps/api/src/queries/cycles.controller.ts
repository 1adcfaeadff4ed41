import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { CycleEvent } from '@suivi/domain';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ForbiddenProblem } from '../auth/forbidden.problem';
import { mayRead, readsAllCountries, seesActorIdentity, type Principal } from '../auth/principal';
import { ProblemDetailsException } from '../common/problem-details';
import { cycleAsOf } from './as-of';
import { cycleDetailView, cycleSummaryView, type CycleDetailView, type CycleSummaryView } from './cycle-views';
import { ApiPathParam, ApiQueries, labellerFor } from './http';
import { cycleIdSchema, cycleListQuerySchema, cycleQuerySchema, parseParams, parsePathParam } from './query-params';
import {
  cycleDetailSchema,
  cycleListQueries,
  cycleQueries,
  cycleSummarySchema,
  pageOf,
  problemContent,
} from './query-schemas';
import { ReadModelQueries } from './read-model-queries.service';
import { countryScope } from './read-scope';
import {
  closedConnectionSignal,
  cycleAtLeast,
  readModelVersionHeader,
  setReadModelVersion,
  waitForCycleVersion,
} from './read-your-writes';
import type { Page } from './views';

@ApiTags('queries')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, expired or wrongly signed token.', content: problemContent })
@Controller('v1/cycles')
export class CyclesController {
  constructor(private readonly queries: ReadModelQueries) {}

  @Get()
  @ApiOperation({
    summary: 'Cycles, filtered, sorted and paginated',
    description: 'Desk officers and delegations see the cycles of their countries; reviewers and auditors all.',
  })
  @ApiQueries(cycleListQueries)
  @ApiOkResponse({ schema: pageOf(cycleSummarySchema) })
  @ApiBadRequestResponse({
    description: 'An unknown parameter or a bad value (named in `errors`).',
    content: problemContent,
  })
  @ApiForbiddenResponse({ description: 'A country filter outside your scope.', content: problemContent })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() rawQuery: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Page<CycleSummaryView>> {
    const query = parseParams(cycleListQuerySchema, rawQuery);
    const scope = countryScope(principal, query.country);
    const labels = labellerFor(request, response);
    const { rows, total } = await this.queries.listCycles(query, scope);
    return { items: rows.map((r) => cycleSummaryView(r, labels)), page: query.page, pageSize: query.pageSize, total };
  }

  @Get(':cycleId')
  @ApiOperation({
    summary: 'One cycle with its rounds, action points and timeline',
    description:
      'ETag: "<version>" (send it back in If-Match on commands). With `asOf`, the cycle as it stood at that ' +
      'instant, folded from its events (no ETag). Timeline entries show the actor user id to auditors only. ' +
      'With `minVersion` (the version of a command reply), it first waits, bounded, for the read model to hold ' +
      'that version; `Read-Model-Version` says which version it answered from.',
  })
  @ApiPathParam('cycleId', cycleIdSchema)
  @ApiQueries(cycleQueries)
  @ApiOkResponse({
    schema: cycleDetailSchema,
    headers: {
      ETag: { description: '"<version>" (not with asOf)', schema: { type: 'string' } },
      ...readModelVersionHeader(true),
    },
  })
  @ApiBadRequestResponse({ description: 'A bad cycle id, asOf or minVersion.', content: problemContent })
  @ApiForbiddenResponse({
    description: 'A cycle outside your country scope; for desk officers and delegations also an unknown one.',
    content: problemContent,
  })
  @ApiNotFoundResponse({
    description: 'No such cycle (or not started yet at asOf), for readers of all countries.',
    content: problemContent,
  })
  @ApiConflictResponse({
    description: 'asOf: the read model does not hold this cycle’s events yet (rebuild it).',
    content: problemContent,
  })
  async one(
    @CurrentPrincipal() principal: Principal,
    @Param('cycleId') rawCycleId: string,
    @Query() rawQuery: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CycleDetailView> {
    const cycleId = parsePathParam('cycleId', cycleIdSchema, rawCycleId);
    const { asOf, minVersion, timelineLimit } = parseParams(cycleQuerySchema, rawQuery);
    const labels = labellerFor(request, response);
    const showActors = seesActorIdentity(principal);

    if (asOf) {
      let position = await this.queries.cyclePosition(cycleId);
      this.assertReadable(principal, cycleId, position?.country ?? null);
      if (minVersion !== undefined) {
        const waited = await waitForCycleVersion(() => this.queries.cyclePosition(cycleId), minVersion, position, {
          signal: closedConnectionSignal(response),
        });
        position = waited.position ?? position;
      }
      const timeline = await this.queries.eventsAsOf(cycleId, asOf);
      if (timeline.some((row) => row.event === null)) {
        throw new ProblemDetailsException(
          409,
          'The read model holds this cycle’s events only from a later projection on; rebuild the read model to query it as of an earlier instant.',
        );
      }
      const view = cycleAsOf(
        cycleId,
        asOf,
        timeline as Array<(typeof timeline)[number] & { event: CycleEvent }>,
        labels,
        showActors,
        timelineLimit,
      );
      if (!view) throw new ProblemDetailsException(404, `Cycle ${cycleId} had not started at ${asOf}.`);
      if (position) setReadModelVersion(response, position.version);
      return view;
    }

    const found = await this.queries.cycle(cycleId, timelineLimit);
    this.assertReadable(principal, cycleId, found?.cycle.country ?? null);
    if (!found) throw new Error('unreachable: assertReadable throws for an unknown cycle');
    const parts = await cycleAtLeast(this.queries, found, minVersion, response, timelineLimit);
    response.setHeader('ETag', `"${parts.cycle.version}"`);
    setReadModelVersion(response, parts.cycle.version);
    return cycleDetailView(parts, labels, showActors);
  }

  /**
   * An unknown cycle is a 404 for readers of every country, a 403 for the others: they get
   * the same answer for a cycle that does not exist and one outside their scope, so they
   * cannot probe which ids exist elsewhere.
   */
  private assertReadable(principal: Principal, cycleId: string, country: string | null): asserts country is string {
    if (country !== null && mayRead(principal, country)) return;
    if (country === null && readsAllCountries(principal)) {
      throw new ProblemDetailsException(404, `No cycle ${cycleId}.`);
    }
    throw new ForbiddenProblem();
  }
}
