import { effectiveReminderPolicy } from '../reminders';
import type { CycleState } from '../state';
import { normalizedPolicy } from './checks';
import { Outcome, Command } from './outcome';
import { reject } from './rejections';

export function startCycle(state: CycleState, c: Command<'StartCycle'>): Outcome {
  if (c.cycleId !== state.cycleId) {
    return reject(
      'CYCLE_ID_MISMATCH',
      `This command starts cycle "${c.cycleId}" but was sent to cycle "${state.cycleId}". Send it to cycle "${c.cycleId}" or correct its cycleId.`,
      'cycleId',
    );
  }
  // Each key of the override replaces the default's whole (both valid: the override was checked
  // with the command, the defaults by reminder-policy.spec.ts), so the policy needs no check here.
  const policy = effectiveReminderPolicy(c.cycleType, c.reminderPolicy);
  return [
    {
      type: 'CycleStarted',
      data: {
        cycleType: c.cycleType,
        country: c.country,
        title: c.title,
        timeZone: c.timeZone,
        reminderPolicy: normalizedPolicy(policy),
      },
    },
  ];
}
