import type { z } from 'zod';
import type { CycleCommand } from '@suivi/domain';
import * as bodies from './command-bodies';

/**
 * The command API as a table: one row per route under /v1/cycles/:cycleId, saying its path,
 * its summary in the document, the body schema that validates it (and documents it), and how
 * path and body make the domain command. The controller registers every row the same way
 * (validation, role and country, If-Match, Idempotency-Key, the Update), so a new command is
 * one row here. Starting a cycle is the controller's own route (201, no cycle yet).
 */
export interface CommandRoute<B extends z.ZodType = z.ZodType> {
  path: string;
  summary: string;
  body: B;
  command: (params: Readonly<Record<string, string>>, body: z.output<B>) => CycleCommand;
}

const route = <B extends z.ZodType>(
  path: string,
  summary: string,
  body: B,
  command: (params: Readonly<Record<string, string>>, body: z.output<B>) => CycleCommand,
): CommandRoute => ({ path, summary, body, command }) as CommandRoute;

export const commandRoutes: Record<string, CommandRoute> = {
  scheduleRound: route(
    ':cycleId/rounds',
    'Schedule a round (a dialogue meeting); the id is assigned when left out',
    bodies.scheduleRoundBody,
    (_, body) => ({ type: 'ScheduleRound', ...body }),
  ),
  roundHeld: route(
    ':cycleId/rounds/:roundId/held',
    'Record that a round was held',
    bodies.roundHeldBody,
    (p, body) => ({
      type: 'RecordRoundHeld',
      roundId: p['roundId'],
      ...body,
    }),
  ),
  closeRound: route(
    ':cycleId/rounds/:roundId/close',
    'Close a round; its open action points move to the next round (nextRoundId, or nextRound scheduled by this command)',
    bodies.closeRoundBody,
    (p, body) => ({ type: 'CloseRound', roundId: p['roundId'], ...body }),
  ),
  propose: route(
    ':cycleId/action-points',
    'Propose an action point in a round, or record it as agreed at the meeting (agreed: true); the id is assigned when left out',
    bodies.proposeActionPointBody,
    (_, { agreed, ...proposal }) => ({ type: agreed ? 'RecordAgreedActionPoint' : 'ProposeActionPoint', ...proposal }),
  ),
  agree: route(
    ':cycleId/action-points/:actionPointId/agree',
    'Agree a proposed action point',
    bodies.emptyBody,
    (p) => ({ type: 'AgreeActionPoint', actionPointId: p['actionPointId'] }),
  ),
  amend: route(
    ':cycleId/action-points/:actionPointId/amend',
    'Amend an action point (text, owner, deadline, priority, themes, ...), with a reason',
    bodies.amendActionPointBody,
    (p, body) => ({ type: 'AmendActionPoint', actionPointId: p['actionPointId'], ...body }),
  ),
  withdraw: route(
    ':cycleId/action-points/:actionPointId/withdraw',
    'Withdraw an action point, with a reason',
    bodies.reasonBody,
    (p, body) => ({ type: 'WithdrawActionPoint', actionPointId: p['actionPointId'], ...body }),
  ),
  reportProgress: route(
    ':cycleId/action-points/:actionPointId/progress-reports',
    'Report progress on an action point (text, evidence links, date); the report id is assigned when left out',
    bodies.progressReportBody,
    (p, body) => ({ type: 'ReportProgress', actionPointId: p['actionPointId'], ...body }),
  ),
  assess: route(
    ':cycleId/action-points/:actionPointId/assessment',
    'Assess an action point: completed, partially completed or not completed',
    bodies.assessmentBody,
    (p, body) => ({ type: 'AssessActionPoint', actionPointId: p['actionPointId'], ...body }),
  ),
  close: route(':cycleId/close', 'Close the cycle', bodies.optionalReasonBody, (_, body) => ({
    type: 'CloseCycle',
    ...body,
  })),
  cancel: route(':cycleId/cancel', 'Cancel the cycle, with a reason', bodies.reasonBody, (_, body) => ({
    type: 'CancelCycle',
    ...body,
  })),
  gspStage: route(
    ':cycleId/gsp-stages',
    'Record a GSP+/EBA monitoring stage (list of issues sent, replies received, mission, ...)',
    bodies.gspStageBody,
    (_, body) => ({ type: 'RecordGspStage', ...body }),
  ),
  initiateWithdrawal: route(
    ':cycleId/withdrawal-procedure',
    'Initiate the GSP withdrawal procedure (its milestones follow from the date)',
    bodies.withdrawalProcedureBody,
    (_, body) => ({ type: 'InitiateWithdrawal', ...body }),
  ),
  withdrawalDecision: route(
    ':cycleId/withdrawal-decision',
    'Record the final decision of the GSP withdrawal procedure',
    bodies.withdrawalDecisionBody,
    (_, body) => ({ type: 'RecordWithdrawalDecision', ...body }),
  ),
};
