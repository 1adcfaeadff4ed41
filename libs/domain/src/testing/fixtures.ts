import type { ActionPointTerms, CycleCommand } from '../lib/cycle/commands';
import type { CycleType } from '../lib/cycle/cycle-types';
import { TEST_CYCLE_ID } from './decider-spec';

type Command<T extends CycleCommand['type']> = Extract<CycleCommand, { type: T }>;

export function startCycle(overrides: Partial<Command<'StartCycle'>> = {}): Command<'StartCycle'> {
  return {
    type: 'StartCycle',
    cycleId: TEST_CYCLE_ID,
    cycleType: 'HUMAN_RIGHTS_DIALOGUE',
    country: 'KH',
    title: 'EU-Cambodia human rights dialogue',
    timeZone: 'Asia/Phnom_Penh',
    ...overrides,
  };
}

export const startOfType = (cycleType: CycleType) => startCycle({ cycleType });

export function scheduleRound(roundId = 'R1', date = '2026-02-01', title?: string): Command<'ScheduleRound'> {
  return { type: 'ScheduleRound', roundId, date, ...(title !== undefined ? { title } : {}) };
}

export const terms: ActionPointTerms = {
  text: 'Release the detained human-rights defenders',
  owner: 'PARTNER',
  deadline: '2026-06-30',
  priority: 'HIGH',
  themes: ['I.C'],
  conventions: ['ICCPR'],
  unReferences: [],
};

export function proposeActionPoint(
  actionPointId = 'AP1',
  overrides: Partial<Command<'ProposeActionPoint'>> = {},
): Command<'ProposeActionPoint'> {
  return { type: 'ProposeActionPoint', actionPointId, roundId: 'R1', ...terms, ...overrides };
}

export const agree = (actionPointId = 'AP1'): Command<'AgreeActionPoint'> => ({
  type: 'AgreeActionPoint',
  actionPointId,
});

export function reportProgress(
  actionPointId = 'AP1',
  reportId = 'P1',
  overrides: Partial<Command<'ReportProgress'>> = {},
): Command<'ReportProgress'> {
  return {
    type: 'ReportProgress',
    actionPointId,
    reportId,
    text: 'Two of the five defenders were released',
    evidenceLinks: ['https://example.org/press-release'],
    reportedOn: '2026-03-01',
    ...overrides,
  };
}

export const assess = (
  actionPointId = 'AP1',
  assessment: Command<'AssessActionPoint'>['assessment'] = 'COMPLETED',
): Command<'AssessActionPoint'> => ({ type: 'AssessActionPoint', actionPointId, assessment });

export const withdraw = (
  actionPointId = 'AP1',
  reason = 'Superseded by the new round',
): Command<'WithdrawActionPoint'> => ({
  type: 'WithdrawActionPoint',
  actionPointId,
  reason,
});

export const closeRound = (roundId = 'R1', nextRoundId?: string): Command<'CloseRound'> => ({
  type: 'CloseRound',
  roundId,
  ...(nextRoundId !== undefined ? { nextRoundId } : {}),
});

/** A started dialogue with round R1 (2026-02-01) and action point AP1 agreed (deadline 2026-06-30). */
export const withAgreedActionPoint = (): CycleCommand[] => [
  startCycle(),
  scheduleRound(),
  proposeActionPoint(),
  agree(),
];
