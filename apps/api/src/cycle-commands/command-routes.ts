import type { z } from 'zod';
import type { CycleCommand, CycleCommandType } from '@suivi/domain';
import * as bodies from './command-bodies';

/**
 * The command API as a table: one row per route under /v1/cycles/:cycleId, saying its path, its
 * summary in the document and the command it sends. The body is the command's schema without
 * the fields the path gives (command-bodies.ts), and the command is the path's fields with the
 * body's. The controller registers every row the same way (validation, role and country,
 * If-Match, Idempotency-Key, the Update), so a new command is one row here. Starting a cycle is
 * the controller's own route (201, no cycle yet).
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

const route = (path: string, summary: string, type: CycleCommandType): CommandRoute => {
  const fromPath = fieldsOf(path);
  return {
    path,
    summary,
    types: [type],
    body: bodies.commandBody(type, fromPath) as z.ZodObject,
    command: (params, body) =>
      ({ type, ...Object.fromEntries(fromPath.map((name) => [name, params[name]])), ...body }) as CycleCommand,
  };
};

export const commandRoutes: Record<string, CommandRoute> = {
  scheduleRound: route(
    ':cycleId/rounds',
    'Schedule a round (a dialogue meeting); the id is assigned when left out',
    'ScheduleRound',
  ),
  roundHeld: route(':cycleId/rounds/:roundId/held', 'Record that a round was held', 'RecordRoundHeld'),
  closeRound: route(
    ':cycleId/rounds/:roundId/close',
    'Close a round; its open action points move to the next round (nextRoundId, or nextRound scheduled by this command)',
    'CloseRound',
  ),
  propose: {
    path: ':cycleId/action-points',
    summary:
      'Propose an action point in a round, or record it as agreed at the meeting (agreed: true); the id is assigned when left out',
    types: ['ProposeActionPoint', 'RecordAgreedActionPoint'],
    body: bodies.proposeActionPointBody as unknown as z.ZodObject,
    command: (_, { agreed, ...proposal }) =>
      ({ type: agreed ? 'RecordAgreedActionPoint' : 'ProposeActionPoint', ...proposal }) as CycleCommand,
  },
  agree: route(':cycleId/action-points/:actionPointId/agree', 'Agree a proposed action point', 'AgreeActionPoint'),
  amend: route(
    ':cycleId/action-points/:actionPointId/amend',
    'Amend an action point (text, owner, deadline, priority, themes, ...), with a reason',
    'AmendActionPoint',
  ),
  withdraw: route(
    ':cycleId/action-points/:actionPointId/withdraw',
    'Withdraw an action point, with a reason',
    'WithdrawActionPoint',
  ),
  reportProgress: route(
    ':cycleId/action-points/:actionPointId/progress-reports',
    'Report progress on an action point (text, evidence links, date); the report id is assigned when left out',
    'ReportProgress',
  ),
  assess: route(
    ':cycleId/action-points/:actionPointId/assessment',
    'Assess an action point: completed, partially completed or not completed',
    'AssessActionPoint',
  ),
  close: route(':cycleId/close', 'Close the cycle', 'CloseCycle'),
  cancel: route(':cycleId/cancel', 'Cancel the cycle, with a reason', 'CancelCycle'),
  gspStage: route(
    ':cycleId/gsp-stages',
    'Record a GSP+/EBA monitoring stage (list of issues sent, replies received, mission, ...)',
    'RecordGspStage',
  ),
  initiateWithdrawal: route(
    ':cycleId/withdrawal-procedure',
    'Initiate the GSP withdrawal procedure (its milestones follow from the date)',
    'InitiateWithdrawal',
  ),
  withdrawalDecision: route(
    ':cycleId/withdrawal-decision',
    'Record the final decision of the GSP withdrawal procedure',
    'RecordWithdrawalDecision',
  ),
};
