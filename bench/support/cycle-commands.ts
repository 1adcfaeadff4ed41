import { randomUUID } from 'node:crypto';
import type { StartCycleCommand } from '@suivi/cycle-workflow-api';
import type { CommandMetadata, CycleCommand, ReminderPolicy } from '@suivi/domain';

export const benchActor = { userId: 'bench', role: 'DESK_OFFICER' as const };

export function metadata(issuedAtMs = Date.now()): CommandMetadata {
  return { commandId: randomUUID(), actor: benchActor, issuedAt: new Date(issuedAtMs).toISOString() };
}

export const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function startCycle(cycleId: string, reminderPolicy?: Partial<ReminderPolicy>): StartCycleCommand {
  return {
    type: 'StartCycle',
    cycleId,
    cycleType: 'HUMAN_RIGHTS_DIALOGUE',
    country: 'KH',
    title: `Benchmark cycle ${cycleId}`,
    timeZone: 'UTC',
    ...(reminderPolicy ? { reminderPolicy } : {}),
  };
}

export function proposeActionPoint(actionPointId: string, deadline: string, roundId = 'R1'): CycleCommand {
  return {
    type: 'ProposeActionPoint',
    actionPointId,
    roundId,
    text: `Benchmark action point ${actionPointId}`,
    owner: 'PARTNER',
    deadline,
    priority: 'MEDIUM',
    themes: ['I.C'],
    conventions: ['ICCPR'],
    unReferences: [],
  };
}

/** The commands that follow StartCycle when a cycle is imported with `count` agreed action points. */
export function roundWithAgreedActionPoints(count: number, deadlineOf: (i: number) => string, issuedAtMs = Date.now()) {
  const then: Array<{ command: CycleCommand; metadata: CommandMetadata }> = [
    { command: { type: 'ScheduleRound', roundId: 'R1', date: utcDate(issuedAtMs) }, metadata: metadata(issuedAtMs) },
  ];
  for (let i = 1; i <= count; i++) {
    then.push({ command: proposeActionPoint(`AP${i}`, deadlineOf(i)), metadata: metadata(issuedAtMs) });
    then.push({ command: { type: 'AgreeActionPoint', actionPointId: `AP${i}` }, metadata: metadata(issuedAtMs) });
  }
  return then;
}
