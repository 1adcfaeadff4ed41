import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { CycleCommand } from '@suivi/domain';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { PROBLEM_JSON, ProblemDetailsException, problemDetailsSchema } from '../common/problem-details';
import { openApiSchema } from '../common/text-schemas';
import * as bodies from './command-bodies';
import { CycleCommandsService, type CommandContext } from './cycle-commands.service';
import { withCreatedResource } from './created-resource';
import { IDEMPOTENCY_KEY, idempotencyKeyOf } from './idempotency';
import type { StoredResponse } from './idempotency.store';
import { parseBody } from './parse-body';

const problem = { content: { [PROBLEM_JSON]: { schema: problemDetailsSchema } } };
const commandResult = {
  schema: {
    type: 'object',
    required: ['cycleId', 'version', 'events'],
    properties: {
      cycleId: { type: 'string' },
      version: { type: 'integer', description: 'The cycle version after the command (its ETag).' },
      events: { type: 'array', items: { type: 'object' }, description: 'The domain events the command produced.' },
    },
  },
};

/** OpenAPI documentation shared by every command route, generated from the same zod schema that validates. */
function CommandRoute(summary: string, schema: z.ZodType, created = false): MethodDecorator {
  return (target, key, descriptor) => {
    ApiOperation({ summary })(target, key, descriptor);
    ApiBody({ schema: openApiSchema(schema) as never })(target, key, descriptor);
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'A retry with the same key returns the first answer and applies nothing twice.',
      schema: { type: 'string', minLength: 1, maxLength: 200, pattern: IDEMPOTENCY_KEY.source },
    })(target, key, descriptor);
    if (!created) {
      ApiHeader({
        name: 'If-Match',
        required: false,
        description: 'The cycle version (ETag) the command expects; 412 if the cycle changed since.',
        schema: { type: 'string', pattern: IF_MATCH.source, example: '"7"' },
      })(target, key, descriptor);
    }
    ApiResponse({
      status: created ? 201 : 200,
      description: 'Accepted; the new version and the events produced.',
      ...commandResult,
    })(target, key, descriptor);
    for (const [status, description] of [
      [400, 'Invalid body, each field at fault named'],
      [401, 'Missing, expired or invalid bearer token'],
      [403, 'Outside your role or country scope'],
      ...(created ? [] : ([[404, 'No such cycle (readers of every country; the others get 403)']] as const)),
      [409, 'Conflicts with the state of the cycle'],
      [412, 'If-Match does not match the current version'],
      [413, 'Body too large'],
      [422, 'Refused by the domain (reason in detail), or Idempotency-Key reused with another body'],
    ] as const) {
      ApiResponse({ status, description, ...problem })(target, key, descriptor);
    }
    return descriptor;
  };
}

/** The version in If-Match: `"7"`, `7` or `W/"7"`. */
export const IF_MATCH = /^(?:W\/)?(?:"[0-9]{1,9}"|[0-9]{1,9})$/;

/** `If-Match: "7"` (or `7`, or `W/"7"`) → 7. */
export function expectedVersionOf(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = IF_MATCH.test(header) ? /([0-9]+)/.exec(header) : null;
  if (!match) {
    throw new ProblemDetailsException(400, 'If-Match must be the ETag of the cycle, e.g. "7".', {
      errors: [{ header: 'If-Match', detail: 'expected the cycle version as an ETag, e.g. "7"' }],
    });
  }
  return Number(match[1]);
}

function send(response: Response, answer: StoredResponse): void {
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  response.status(answer.status);
  if (answer.headers['Content-Type'] === PROBLEM_JSON) response.send(JSON.stringify(answer.body));
  else response.json(answer.body);
}

/**
 * One route per cycle command. Each validates its body, checks role and country, and sends the
 * command to the cycle's workflow as an Update; the answer carries the new version and events.
 */
@ApiTags('commands')
@Controller('v1/cycles')
export class CycleCommandsController {
  constructor(private readonly commands: CycleCommandsService) {}

  private context(principal: Principal, request: Request, cycleId?: string): CommandContext {
    return {
      principal,
      cycleId,
      fingerprint: JSON.stringify([
        request.method,
        `${request.baseUrl}${request.path}`,
        request.header('if-match') ?? null,
        request.body ?? null,
      ]),
      idempotencyKey: idempotencyKeyOf(request.headers['idempotency-key']),
      expectedVersion: cycleId ? expectedVersionOf(request.header('if-match')) : undefined,
      bodyFields:
        request.body && typeof request.body === 'object' ? Object.keys(request.body as Record<string, unknown>) : [],
    };
  }

  private async run(
    principal: Principal,
    request: Request,
    response: Response,
    cycleId: string,
    command: CycleCommand,
  ): Promise<void> {
    const answer = await this.commands.execute(this.context(principal, request, cycleId), cycleId, command);
    send(response, withCreatedResource(answer, cycleId));
  }

  @Post()
  @HttpCode(201)
  @CommandRoute(
    'Start a cycle (dialogue, GSP+ or EBA monitoring, withdrawal procedure, ...)',
    bodies.startCycleBody,
    true,
  )
  async start(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
    @Body() body: unknown,
  ) {
    const { type, ...rest } = parseBody(bodies.startCycleBody, body);
    send(
      response,
      await this.commands.start(this.context(principal, request), { ...rest, type: 'StartCycle', cycleType: type }),
    );
  }

  @Post(':cycleId/rounds')
  @HttpCode(200)
  @CommandRoute('Schedule a round (a dialogue meeting)', bodies.scheduleRoundBody)
  async scheduleRound(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Param('cycleId') cycleId: string,
    @Body() body: unknown,
  ) {
    await this.run(p, req, res, cycleId, { type: 'ScheduleRound', ...parseBody(bodies.scheduleRoundBody, body) });
  }

  @Post(':cycleId/rounds/:roundId/held')
  @HttpCode(200)
  @CommandRoute('Record that a round was held', bodies.roundHeldBody)
  async roundHeld(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Param('cycleId') cycleId: string,
    @Param('roundId') roundId: string,
    @Body() body: unknown,
  ) {
    await this.run(p, req, res, cycleId, {
      type: 'RecordRoundHeld',
      roundId,
      ...parseBody(bodies.roundHeldBody, body),
    });
  }

  @Post(':cycleId/rounds/:roundId/close')
  @HttpCode(200)
  @CommandRoute(
    'Close a round; its open action points move to the next round (nextRoundId, or nextRound scheduled by this command)',
    bodies.closeRoundBody,
  )
  async closeRound(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Param('cycleId') cycleId: string,
    @Param('roundId') roundId: string,
    @Body() body: unknown,
  ) {
    await this.run(p, req, res, cycleId, { type: 'CloseRound', roundId, ...parseBody(bodies.closeRoundBody, body) });
  }

  @Post(':cycleId/action-points')
  @HttpCode(200)
  @CommandRoute(
    'Propose an action point in a round, or record it as agreed at the meeting (agreed: true); the id is assigned when left out',
    bodies.proposeActionPointBody,
  )
  async propose(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Param('cycleId') cycleId: string,
    @Body() body: unknown,
  ) {
    const { agreed, ...proposal } = parseBody(bodies.proposeActionPointBody, body);
    await this.run(p, req, res, cycleId, {
      type: agreed ? 'RecordAgreedActionPoint' : 'ProposeActionPoint',
      ...proposal,
    });
  }

  @Post(':cycleId/action-points/:actionPointId/agree')
  @HttpCode(200)
  @CommandRoute('Agree a proposed action point', bodies.emptyBody)
  async agree(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Param('cycleId') cycleId: string,
    @Param('actionPointId') actionPointId: string,
    @Body() body: unknown,
  ) {
    parseBody(bodies.emptyBody, body);
    await this.run(p, req, res, cycleId, { type: 'AgreeActionPoint', actionPointId });
  }

  @Post(':cycleId/action-points/:actionPointId/amend')
  @HttpCode(200)
  @CommandRoute(
    'Amend an action point (text, owner, deadline, priority, themes, ...), with a reason',
    bodies.amendActionPointBody,
  )
  async amend(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Param('cycleId') cycleId: string,
    @Param('actionPointId') actionPointId: string,
    @Body() body: unknown,
  ) {
    await this.run(p, req, res, cycleId, {
      type: 'AmendActionPoint',
      actionPointId,
      ...parseBody(bodies.amendActionPointBody, body),
    });
  }

  @Post(':cycleId/action-points/:actionPointId/withdraw')
  @HttpCode(200)
  @CommandRoute('Withdraw an action point, with a reason', bodies.reasonBody)
  async withdraw(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Param('cycleId') cycleId: string,
    @Param('actionPointId') actionPointId: string,
    @Body() body: unknown,
  ) {
    await this.run(p, req, res, cycleId, {
      type: 'WithdrawActionPoint',
      actionPointId,
      ...parseBody(bodies.reasonBody, body),
    });
  }

  @Post(':cycleId/action-points/:actionPointId/progress-reports')
  @HttpCode(200)
  @CommandRoute('Report progress on an action point (text, evidence links, date)', bodies.progressReportBody)
  async reportProgress(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Param('cycleId') cycleId: string,
    @Param('actionPointId') actionPointId: string,
    @Body() body: unknown,
  ) {
    const { reportId, ...report } = parseBody(bodies.progressReportBody, body);
    await this.run(p, req, res, cycleId, {
      type: 'ReportProgress',
      actionPointId,
      reportId: reportId ?? `PR-${Date.now().toString(36)}`,
      ...report,
    });
  }

  @Post(':cycleId/action-points/:actionPointId/assessment')
  @HttpCode(200)
  @CommandRoute('Assess an action point: completed, partially completed or not completed', bodies.assessmentBody)
  async assess(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Param('cycleId') cycleId: string,
    @Param('actionPointId') actionPointId: string,
    @Body() body: unknown,
  ) {
    await this.run(p, req, res, cycleId, {
      type: 'AssessActionPoint',
      actionPointId,
      ...parseBody(bodies.assessmentBody, body),
    });
  }

  @Post(':cycleId/close')
  @HttpCode(200)
  @CommandRoute('Close the cycle', bodies.optionalReasonBody)
  async close(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Param('cycleId') cycleId: string,
    @Body() body: unknown,
  ) {
    await this.run(p, req, res, cycleId, { type: 'CloseCycle', ...parseBody(bodies.optionalReasonBody, body) });
  }

  @Post(':cycleId/cancel')
  @HttpCode(200)
  @CommandRoute('Cancel the cycle, with a reason', bodies.reasonBody)
  async cancel(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Param('cycleId') cycleId: string,
    @Body() body: unknown,
  ) {
    await this.run(p, req, res, cycleId, { type: 'CancelCycle', ...parseBody(bodies.reasonBody, body) });
  }

  @Post(':cycleId/gsp-stages')
  @HttpCode(200)
  @CommandRoute(
    'Record a GSP+/EBA monitoring stage (list of issues sent, replies received, mission, ...)',
    bodies.gspStageBody,
  )
  async gspStage(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Param('cycleId') cycleId: string,
    @Body() body: unknown,
  ) {
    await this.run(p, req, res, cycleId, { type: 'RecordGspStage', ...parseBody(bodies.gspStageBody, body) });
  }

  @Post(':cycleId/withdrawal-procedure')
  @HttpCode(200)
  @CommandRoute(
    'Initiate the GSP withdrawal procedure (its milestones follow from the date)',
    bodies.withdrawalProcedureBody,
  )
  async initiateWithdrawal(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Param('cycleId') cycleId: string,
    @Body() body: unknown,
  ) {
    await this.run(p, req, res, cycleId, {
      type: 'InitiateWithdrawal',
      ...parseBody(bodies.withdrawalProcedureBody, body),
    });
  }

  @Post(':cycleId/withdrawal-decision')
  @HttpCode(200)
  @CommandRoute('Record the final decision of the GSP withdrawal procedure', bodies.withdrawalDecisionBody)
  async withdrawalDecision(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Param('cycleId') cycleId: string,
    @Body() body: unknown,
  ) {
    await this.run(p, req, res, cycleId, {
      type: 'RecordWithdrawalDecision',
      ...parseBody(bodies.withdrawalDecisionBody, body),
    });
  }
}
