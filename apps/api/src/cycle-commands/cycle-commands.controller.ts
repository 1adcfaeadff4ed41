import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiExtension, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { COMMAND_CATALOGUE, type CycleCommand, type CycleCommandType } from '@suivi/domain';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { rolesAllowedTo, type Principal } from '../auth/principal';
import { PROBLEM_JSON, ProblemDetailsException, problemDetailsSchema } from '../common/problem-details';
import { openApiSchema } from '../common/text-schemas';
import * as bodies from './command-bodies';
import { CycleCommandsService, type CommandContext } from './cycle-commands.service';
import { commandRoutes, type CommandRoute as CommandTableRoute } from './command-routes';
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
function CommandRoute(
  summary: string,
  schema: z.ZodType,
  types: readonly CycleCommandType[],
  created = false,
): MethodDecorator {
  return (target, key, descriptor) => {
    ApiOperation({ summary })(target, key, descriptor);
    // Which roles may use the route, so that a client offers it only to them (the API still decides).
    ApiExtension('x-suivi-roles', rolesAllowedTo(types))(target, key, descriptor);
    // Its name in each language of the app, from the domain's catalogue, for a client's buttons.
    ApiExtension('x-suivi-label', COMMAND_CATALOGUE[types[0]].label)(target, key, descriptor);
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
 * One route per cycle command: starting a cycle here, every other command from the table of
 * command-routes.ts, registered below the same way. Each validates its body, checks role and
 * country, and sends the command to the cycle's workflow as an Update; the answer carries the
 * new version and events.
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

  /** Handles a route of the table: its body, its command, then the Update. */
  async handle(
    route: CommandTableRoute,
    principal: Principal,
    request: Request,
    response: Response,
    params: Record<string, string>,
    body: unknown,
  ): Promise<void> {
    const cycleId = params['cycleId'];
    await this.run(principal, request, response, cycleId, route.command(params, parseBody(route.body, body)));
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
  @CommandRoute(COMMAND_CATALOGUE.StartCycle.summary, bodies.startCycleBody, ['StartCycle'], true)
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
}

/**
 * Registers each row of the command table as a method of the controller, with the decorators a
 * hand-written route would carry (route, status, OpenAPI, parameters), so Nest and the OpenAPI
 * document see ordinary routes.
 */
for (const [name, route] of Object.entries(commandRoutes)) {
  const prototype = CycleCommandsController.prototype as unknown as Record<string, unknown>;
  if (name in prototype) throw new Error(`command route ${name} clashes with a controller member`);
  const handler = function (
    this: CycleCommandsController,
    principal: Principal,
    request: Request,
    response: Response,
    params: Record<string, string>,
    body: unknown,
  ) {
    return this.handle(route, principal, request, response, params, body);
  };
  Object.defineProperty(handler, 'name', { value: name });
  Object.defineProperty(prototype, name, { value: handler, writable: true, configurable: true });
  const descriptor = Object.getOwnPropertyDescriptor(prototype, name) as PropertyDescriptor;
  for (const decorate of [Post(route.path), HttpCode(200), CommandRoute(route.summary, route.body, route.types)]) {
    decorate(prototype, name, descriptor);
  }
  CurrentPrincipal()(prototype, name, 0);
  Req()(prototype, name, 1);
  Res()(prototype, name, 2);
  Param()(prototype, name, 3);
  Body()(prototype, name, 4);
  Reflect.defineMetadata('design:paramtypes', [Object, Object, Object, Object, Object], prototype, name);
}
