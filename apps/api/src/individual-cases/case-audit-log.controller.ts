import { Controller, Get, Header, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ForbiddenProblem } from '../auth/forbidden.problem';
import type { Principal } from '../auth/principal';
import { ApiQueryParameters, queryParameters } from '../queries/http';
import { parseParams } from '../queries/query-params';
import { pageOf, problemContent } from '../queries/query-schemas';
import type { Page } from '../queries/views';
import { auditLogEntrySchema, auditLogQuerySchema, CaseAuditLog, type AuditLogEntry } from './case-audit-log';
import { mayReadAuditLog } from './case-permissions';

/** The audit log across individual cases, for auditors (ADR 0012; one case's audit: /v1/individual-cases/{caseRef}/audit). */
@ApiTags('individual-cases')
@ApiBearerAuth()
@Controller('v1')
export class CaseAuditLogController {
  constructor(private readonly log: CaseAuditLog) {}

  @Get('audit')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The audit log of individual cases, newest first (auditors)',
    description:
      'Every read of a name or details, every grant, revocation request and revocation, and every erasure: ' +
      'who, when, what, which case reference, the reason given. Never the name or details of a person.',
  })
  @ApiQueryParameters(queryParameters(auditLogQuerySchema))
  @ApiOkResponse({ schema: pageOf(auditLogEntrySchema) })
  @ApiBadRequestResponse({
    description: 'An unknown parameter or a bad value (named in `errors`).',
    content: problemContent,
  })
  @ApiUnauthorizedResponse({ description: 'Missing, expired or wrongly signed token.', content: problemContent })
  @ApiForbiddenResponse({ description: 'Not an auditor.', content: problemContent })
  async list(@CurrentPrincipal() principal: Principal, @Query() rawQuery: unknown): Promise<Page<AuditLogEntry>> {
    if (!mayReadAuditLog(principal)) throw new ForbiddenProblem();
    return this.log.list(parseParams(auditLogQuerySchema, rawQuery));
  }
}
