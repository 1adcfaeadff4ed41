import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ProblemDetailsException } from '../common/problem-details';
import { actionPointListItemView, type ActionPointListItemView } from './action-point-views';
import { actionPointsCsv, csvFileName, UTF8_BOM } from './action-points-csv';
import { localDate } from './as-of';
import { ApiQueries, labellerFor } from './http';
import { actionPointExportQuerySchema, actionPointListQuerySchema, parseParams } from './query-params';
import {
  actionPointFilterQueries,
  actionPointListItemSchema,
  actionPointListQueries,
  pageOf,
  problemContent,
} from './query-schemas';
import { EXPORT_MAX_ROWS, ExportTooLargeError, ReadModelQueries } from './read-model-queries.service';
import { assertCycleFilterInScope, countryScope } from './read-scope';
import {
  closedConnectionSignal,
  readModelVersionHeader,
  setReadModelVersion,
  waitForCycleVersion,
} from './read-your-writes';
import type { Page } from './views';

@ApiTags('queries')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, expired or wrongly signed token.', content: problemContent })
@ApiBadRequestResponse({
  description: 'An unknown parameter or a bad value (named in `errors`).',
  content: problemContent,
})
@ApiForbiddenResponse({
  description: 'A country or cycle filter outside your scope.',
  content: problemContent,
})
@Controller('v1')
export class ActionPointsController {
  constructor(private readonly queries: ReadModelQueries) {}

  @Get('action-points')
  @ApiOperation({
    summary: 'Action points across cycles and countries, filtered and paginated',
    description:
      'Sorted by deadline unless `sort` says otherwise. Country scope as for /v1/cycles. A home page’s lists are ' +
      'one call each: `dueWithinDays=30`, `overdue=true`, `awaitingAssessment=true`. With `cycleId`, ' +
      '`Read-Model-Version` says which version of that cycle the read model answered from, and `minVersion` ' +
      'first waits, bounded, for it to hold that version.',
  })
  @ApiQueries(actionPointListQueries)
  @ApiOkResponse({ schema: pageOf(actionPointListItemSchema), headers: readModelVersionHeader(false) })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() rawQuery: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Page<ActionPointListItemView>> {
    const query = parseParams(actionPointListQuerySchema, rawQuery);
    const scope = countryScope(principal, query.country);
    await assertCycleFilterInScope(principal, query.cycleId, (id) => this.queries.cycleCountry(id));
    const labels = labellerFor(request, response);
    const { cycleId, minVersion } = query;
    if (cycleId !== undefined && minVersion !== undefined) {
      await waitForCycleVersion(() => this.queries.cyclePosition(cycleId), minVersion, undefined, {
        signal: closedConnectionSignal(response),
      });
    }
    const { rows, total, cycleVersion } = await this.queries.listActionPoints(query, scope);
    if (cycleVersion !== undefined) setReadModelVersion(response, cycleVersion);
    return {
      items: rows.map((r) => actionPointListItemView(r, labels)),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  @Get('action-points.csv')
  @ApiOperation({
    summary: 'CSV export of action points (same filters as /v1/action-points, no pagination)',
    description:
      `RFC 4180, UTF-8 with a byte order mark, a header row, labels in the negotiated language; at most ` +
      `${EXPORT_MAX_ROWS} rows (more: 422, narrow the filters).`,
  })
  @ApiProduces('text/csv')
  @ApiQueries(actionPointFilterQueries)
  @ApiOkResponse({ description: 'The CSV file', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiUnprocessableEntityResponse({ description: 'Too many rows for one export.', content: problemContent })
  async csv(
    @CurrentPrincipal() principal: Principal,
    @Query() rawQuery: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const filters = parseParams(actionPointExportQuerySchema, rawQuery);
    const scope = countryScope(principal, filters.country);
    await assertCycleFilterInScope(principal, filters.cycleId, (id) => this.queries.cycleCountry(id));
    const labels = labellerFor(request, response);
    try {
      await this.queries.exportActionPoints(filters, scope, async (rows, first) => {
        if (first) {
          response.status(200);
          response.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
          response.setHeader(
            'Content-Disposition',
            `attachment; filename="${csvFileName(labels.language, localDate(new Date().toISOString(), 'UTC'))}"`,
          );
          response.setHeader('Cache-Control', 'no-store');
          response.write(UTF8_BOM);
        }
        await write(response, actionPointsCsv(rows, labels, first));
      });
    } catch (error) {
      if (error instanceof ExportTooLargeError) {
        throw new ProblemDetailsException(422, `${error.message}: narrow the filters.`, { total: error.total });
      }
      throw error;
    }
    response.end();
  }
}

/** Writes and waits while the client's buffer is full, so a large export never piles up in memory. */
function write(response: Response, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (response.write(text)) return resolve();
    const onDrain = () => {
      response.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      response.off('drain', onDrain);
      reject(new Error('client went away during the export'));
    };
    response.once('drain', onDrain);
    response.once('close', onClose);
  });
}
