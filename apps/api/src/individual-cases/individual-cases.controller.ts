import {
  applyDecorators,
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiExtension, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { COMMAND_CATALOGUE } from '@suivi/domain';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { rolesAllowedTo, type Principal } from '../auth/principal';
import { PROBLEM_JSON, problemDetailsSchema } from '../common/problem-details';
import { parseBody } from '../cycle-commands/parse-body';
import { openApiSchema } from '../common/text-schemas';
import { queryParameters } from '../queries/http';
import { InvalidQueryProblem } from '../queries/query-params';
import { caseContentSchema, caseRefOf, grantBodySchema, readQuerySchema, reasonQuerySchema } from './case-schemas';
import { IndividualCasesService } from './individual-cases.service';

const problem = { content: { [PROBLEM_JSON]: { schema: problemDetailsSchema } } };
const openApi = (schema: z.ZodType) => openApiSchema(schema) as never;

function Problems(...responses: Array<[number, string]>): MethodDecorator {
  return (target, key, descriptor) => {
    for (const [status, description] of [[401, 'Missing, expired or invalid bearer token'] as const, ...responses]) {
      ApiResponse({ status, description, ...problem })(target, key, descriptor);
    }
    return descriptor;
  };
}

/** Validates the query of a read or erasure; values are never echoed (a reason may be sensitive). */
function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const result = schema.safeParse(query ?? {});
  if (result.success) return result.data;
  throw new InvalidQueryProblem(
    result.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((parameter) => ({ parameter, detail: 'unknown parameter' }))
        : [{ parameter: String(issue.path[0] ?? 'query'), detail: issue.message }],
    ),
  );
}

const reasonQuery = reasonQuerySchema;

/** Documents a route's query parameters from the zod object that parses them. */
const ApiQueryOf = (schema: z.ZodObject): MethodDecorator =>
  applyDecorators(...queryParameters(schema).map((parameter) => ApiQuery(parameter)));

/**
 * Individual cases (people at risk of reprisals): stored only encrypted, read by grant and with
 * a reason, every read audited, erased by destroying the case's key (ADR 0012). Routes take
 * free text only in bodies and query strings, which the request log never records.
 */
@ApiTags('individual-cases')
@Controller('v1')
export class IndividualCasesController {
  constructor(private readonly cases: IndividualCasesService) {}

  @Post('cycles/:cycleId/action-points/:actionPointId/individual-case')
  @HttpCode(201)
  @ApiOperation({ summary: COMMAND_CATALOGUE.AttachIndividualCase.summary })
  // Attaching takes the right to propose action points on the cycle (case-cycles.ts authorizeAttach).
  @ApiExtension('x-suivi-roles', rolesAllowedTo(['ProposeActionPoint']))
  @ApiExtension('x-suivi-label', COMMAND_CATALOGUE.AttachIndividualCase.label)
  @ApiBody({ schema: openApi(caseContentSchema) })
  @ApiResponse({
    status: 201,
    description: 'Stored and attached; the reference is all that travels beyond the case store.',
    schema: {
      type: 'object',
      required: ['caseRef', 'cycleId', 'version'],
      properties: {
        caseRef: { type: 'string' },
        cycleId: { type: 'string' },
        version: { type: 'integer', description: "The cycle's version with the case attached (for minVersion)" },
      },
    },
  })
  @Problems(
    [400, 'Invalid body, each field at fault named'],
    [403, 'Outside your role or country scope'],
    [404, 'No such cycle'],
    [409, 'Conflicts with the state of the cycle or action point'],
    [422, 'Refused by the domain'],
  )
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param('cycleId') cycleId: string,
    @Param('actionPointId') actionPointId: string,
    @Body() body: unknown,
  ) {
    const content = parseBody(caseContentSchema, body);
    return this.cases.create(principal, cycleId, actionPointId, content);
  }

  @Get('individual-cases/:caseRef')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'An individual case: redacted by default; with reveal, the name (or name and details) for a granted reader',
  })
  @ApiQueryOf(readQuerySchema)
  @ApiResponse({ status: 200, description: 'Redacted view, or the revealed name/details (audited)' })
  @Problems(
    [400, 'Invalid query (reveal without a reason, ...)'],
    [403, 'Outside your role, country scope or grants'],
    [404, 'No such case'],
    [410, 'The case was erased'],
    [422, 'The reason contains the name'],
  )
  async read(@CurrentPrincipal() principal: Principal, @Param('caseRef') caseRef: string, @Query() query: unknown) {
    const { reveal, reason } = parseQuery(readQuerySchema, query);
    if (!reveal) {
      if (reason !== undefined) parseQuery(reasonQuery, { reason });
      return this.cases.redacted(principal, caseRefOf(caseRef));
    }
    const { reason: why } = parseQuery(reasonQuery, { reason });
    return this.cases.reveal(principal, caseRefOf(caseRef), reveal, why);
  }

  @Post('individual-cases/:caseRef/grants')
  @ApiOperation({ summary: 'Grant a user the need to know this case (desk officers of the country, reviewers)' })
  @ApiBody({ schema: openApi(grantBodySchema) })
  @ApiResponse({ status: 201, description: 'Granted' })
  @ApiResponse({ status: 200, description: 'The user already held a grant' })
  @Problems([400, 'Invalid body'], [403, 'Outside your role or country scope'], [404, 'No such case'], [410, 'Erased'])
  async grant(
    @CurrentPrincipal() principal: Principal,
    @Param('caseRef') caseRef: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { userId, reason } = parseBody(grantBodySchema, body);
    const created = await this.cases.grant(principal, caseRefOf(caseRef), userId, reason);
    response.status(created ? 201 : 200);
    return { caseRef, userId };
  }

  @Delete('individual-cases/:caseRef/grants/:userId')
  @ApiOperation({
    summary: 'Revoke a grant (recorded, not deleted, with its reason); nothing to revoke is not an error',
    description:
      'The grant of the desk officer who attached the case is revoked only when a second person confirms: ' +
      'the first revocation by someone else answers 202 (pending), the same revocation by another person 204.',
  })
  @ApiQueryOf(reasonQuerySchema)
  @ApiResponse({ status: 204, description: 'The user holds no grant on the case' })
  @ApiResponse({
    status: 202,
    description: 'Revocation of the attaching desk officer recorded; a second person must confirm',
  })
  @Problems([400, 'Missing or invalid reason'], [403, 'Outside your role or country scope'], [404, 'No such case'])
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('caseRef') caseRef: string,
    @Param('userId') userId: string,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { reason } = parseQuery(reasonQuery, query);
    const revocation = await this.cases.revoke(principal, caseRefOf(caseRef), userId, reason);
    if (revocation.outcome !== 'pending') {
      response.status(204);
      return undefined;
    }
    response.status(202);
    return {
      caseRef,
      userId,
      status: 'REVOCATION_PENDING',
      requestedBy: revocation.requestedBy,
      requestedAt: revocation.requestedAt,
      detail: 'The desk officer who attached this case keeps access until a second person confirms the revocation.',
    };
  }

  @Delete('individual-cases/:caseRef')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Erase a case for good: its key is destroyed, so no copy of its content can be read again',
  })
  @ApiQueryOf(reasonQuerySchema)
  @ApiResponse({ status: 204, description: 'Erased (repeating it is harmless)' })
  @Problems([400, 'Missing or invalid reason'], [403, 'Outside your role or country scope'], [404, 'No such case'])
  async erase(@CurrentPrincipal() principal: Principal, @Param('caseRef') caseRef: string, @Query() query: unknown) {
    const { reason } = parseQuery(reasonQuery, query);
    await this.cases.erase(principal, caseRefOf(caseRef), reason);
  }

  @Get('individual-cases/:caseRef/audit')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "A case's read audit and grants (auditors, reviewers)" })
  @ApiResponse({ status: 200, description: 'Reads (who, role, when, why, what) and grants' })
  @Problems([403, 'Not an auditor or reviewer'], [404, 'No such case'])
  async audit(@CurrentPrincipal() principal: Principal, @Param('caseRef') caseRef: string) {
    return this.cases.audit(principal, caseRefOf(caseRef));
  }
}
