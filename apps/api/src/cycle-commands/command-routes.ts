import type { z } from 'zod';
import { COMMAND_CATALOGUE, cycleCommandSchemas, type CycleCommand, type CycleCommandType } from '@suivi/domain';
import * as bodies from './command-bodies';

/**
 * The command API as a table: one row per route under /v1/cycles/:cycleId, saying its path, its
 * summary in the document and the command it sends. The body is the command's schema without
 * the fields the path gives (command-bodies.ts), and the command is the path's fields with the
 * body's. The controller registers every row the same way (validation, role and country,
 * If-Match, Idempotency-Key, the Update). Starting a cycle is the controller's own route (201, no
 * cycle yet).
 *
 * A command a person may send (COMMAND_CATALOGUE's `issuedBy`) and that has no row here gets a
 * route by convention (conventionalPath), so a new command needs no change in the API. The rows
 * below keep the paths published before the convention.
 */
export interface CommandRoute {
  path: string;
  summary: string;
  /** The commands the route may send (the roles allowed to use it follow from them). */
  types: readonly CycleCommandType[];
  body: z.ZodObject;
  command: (params: Readonly<Record<string, string>>, body: Record<string, unknown>) => CycleCommand;
}

/** The path's parameters a command takes as fields (every one but the cycle's id). */
const fieldsOf = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]).filter((name) => name !== 'cycleId');

const route = (path: string, type: CycleCommandType): CommandRoute => {
  const fromPath = fieldsOf(path);
  return {
    path,
    summary: COMMAND_CATALOGUE[type].summary,
    types: [type],
    body: bodies.commandBody(type, fromPath) as z.ZodObject,
    command: (params, body) =>
      ({ type, ...Object.fromEntries(fromPath.map((name) => [name, params[name]])), ...body }) as CycleCommand,
  };
};

/**
 * The path of a command without a row: under the action point, else the round, else the cycle its
 * required ids name, then its name in kebab case without the thing it acts on
 * (SetActionPointPriority: `:cycleId/action-points/:actionPointId/set-priority`).
 */
export function conventionalPath(type: CycleCommandType): string {
  const shape = (cycleCommandSchemas()[type] as unknown as z.ZodObject).shape;
  const requires = (field: string) => field in shape && !(shape[field] as z.ZodType).safeParse(undefined).success;
  const [under, noun] = requires('actionPointId')
    ? [':cycleId/action-points/:actionPointId', 'ActionPoint']
    : requires('roundId')
      ? [':cycleId/rounds/:roundId', 'Round']
      : [':cycleId', 'Cycle'];
  const verb = type
    .replace(noun, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
  return `${under}/${verb}`;
}

const explicitRoutes: Record<string, CommandRoute> = {
  scheduleRound: route(':cycleId/rounds', 'ScheduleRound'),
  roundHeld: route(':cycleId/rounds/:roundId/held', 'RecordRoundHeld'),
  closeRound: route(':cycleId/rounds/:roundId/close', 'CloseRound'),
  propose: {
    path: ':cycleId/action-points',
    summary:
      'Propose an action point in a round, or record it as agreed at the meeting (agreed: true); the id is assigned when left out',
    types: ['ProposeActionPoint', 'RecordAgreedActionPoint'],
    body: bodies.proposeActionPointBody as unknown as z.ZodObject,
    command: (_, { agreed, ...proposal }) =>
      ({ type: agreed ? 'RecordAgreedActionPoint' : 'ProposeActionPoint', ...proposal }) as CycleCommand,
  },
  agree: route(':cycleId/action-points/:actionPointId/agree', 'AgreeActionPoint'),
  amend: route(':cycleId/action-points/:actionPointId/amend', 'AmendActionPoint'),
  withdraw: route(':cycleId/action-points/:actionPointId/withdraw', 'WithdrawActionPoint'),
  reportProgress: route(':cycleId/action-points/:actionPointId/progress-reports', 'ReportProgress'),
  assess: route(':cycleId/action-points/:actionPointId/assessment', 'AssessActionPoint'),
  close: route(':cycleId/close', 'CloseCycle'),
  cancel: route(':cycleId/cancel', 'CancelCycle'),
  gspStage: route(':cycleId/gsp-stages', 'RecordGspStage'),
  initiateWithdrawal: route(':cycleId/withdrawal-procedure', 'InitiateWithdrawal'),
  withdrawalDecision: route(':cycleId/withdrawal-decision', 'RecordWithdrawalDecision'),
};

/** Sent by the controller's own route (StartCycle), not under an existing cycle. */
const OWN_ROUTES: readonly CycleCommandType[] = ['StartCycle'];

const routed = new Set(Object.values(explicitRoutes).flatMap((r) => r.types));
const conventional = (Object.keys(COMMAND_CATALOGUE) as CycleCommandType[]).filter(
  (type) => COMMAND_CATALOGUE[type].issuedBy.length > 0 && !routed.has(type) && !OWN_ROUTES.includes(type),
);

/** Every route the controller registers, by method name. */
export const commandRoutes: Record<string, CommandRoute> = {
  ...explicitRoutes,
  ...Object.fromEntries(
    conventional.map((type) => [type.charAt(0).toLowerCase() + type.slice(1), route(conventionalPath(type), type)]),
  ),
};
