import { COMMAND_CATALOGUE, type CycleCommandType } from '@suivi/domain';
import { commandRoutes, conventionalPath } from './command-routes';

describe('the command routes', () => {
  it('reach every command a person may send (StartCycle has the controller’s own route)', () => {
    const routed = new Set(Object.values(commandRoutes).flatMap((route) => route.types));
    const sendable = (Object.keys(COMMAND_CATALOGUE) as CycleCommandType[]).filter(
      (type) => COMMAND_CATALOGUE[type].issuedBy.length > 0 && type !== 'StartCycle',
    );
    expect(sendable.filter((type) => !routed.has(type))).toEqual([]);
    // The commands only Suivi sends have no route of their own.
    expect([...routed].filter((type) => COMMAND_CATALOGUE[type].issuedBy.length === 0)).toEqual([]);
  });

  it('keep the paths published before the convention', () => {
    expect(Object.fromEntries(Object.entries(commandRoutes).map(([name, route]) => [name, route.path]))).toMatchObject({
      scheduleRound: ':cycleId/rounds',
      roundHeld: ':cycleId/rounds/:roundId/held',
      propose: ':cycleId/action-points',
      reportProgress: ':cycleId/action-points/:actionPointId/progress-reports',
      assess: ':cycleId/action-points/:actionPointId/assessment',
      withdrawalDecision: ':cycleId/withdrawal-decision',
    });
    // Any other route is a later command's, at its conventional path.
    const published = ['scheduleRound', 'roundHeld', 'closeRound', 'propose', 'agree', 'amend', 'withdraw'].concat([
      'reportProgress',
      'assess',
      'close',
      'cancel',
      'gspStage',
      'initiateWithdrawal',
      'withdrawalDecision',
    ]);
    const later = Object.entries(commandRoutes).filter(([name]) => !published.includes(name));
    expect(later.filter(([, route]) => route.path !== conventionalPath(route.types[0]))).toEqual([]);
  });

  it('give a new command its path by the ids it requires, and its name without what it acts on', () => {
    expect(conventionalPath('AgreeActionPoint')).toBe(':cycleId/action-points/:actionPointId/agree');
    expect(conventionalPath('AttachIndividualCase')).toBe(
      ':cycleId/action-points/:actionPointId/attach-individual-case',
    );
    expect(conventionalPath('RecordRoundHeld')).toBe(':cycleId/rounds/:roundId/record-held');
    expect(conventionalPath('CancelCycle')).toBe(':cycleId/cancel');
    expect(conventionalPath('RecordWithdrawalDecision')).toBe(':cycleId/record-withdrawal-decision');
    // An optional id does not place it: ProposeActionPoint's actionPointId is assigned when left out.
    expect(conventionalPath('ProposeActionPoint')).toBe(':cycleId/rounds/:roundId/propose-action-point');
  });

  it('take the summary from the domain’s catalogue', () => {
    expect(commandRoutes.withdraw.summary).toBe(COMMAND_CATALOGUE.WithdrawActionPoint.summary);
    expect(commandRoutes.propose.types).toEqual(['ProposeActionPoint', 'RecordAgreedActionPoint']);
  });
});
