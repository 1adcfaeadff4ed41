import { cycleTypeDefinition } from '../../reference-data';
import { effectiveReminderPolicy, validateReminderPolicy } from '../reminders';
import type { CycleState } from '../state';
import { normalizedPolicy } from './checks';
import { Outcome, Command, Decisions } from './outcome';
import { reject } from './rejections';

export function startCycle(state: CycleState, c: Command<'StartCycle'>): Outcome {
  if (c.cycleId !== state.cycleId) {
    return reject(
      'CYCLE_ID_MISMATCH',
      `This command starts cycle "${c.cycleId}" but was sent to cycle "${state.cycleId}". Send it to cycle "${c.cycleId}" or correct its cycleId.`,
      'cycleId',
    );
  }
  // The override's shape was checked with the command; what is left is the rule that two steps of a
  // list may not fall on the same day (they would share a reminder key).
  const policy = effectiveReminderPolicy(c.cycleType, c.reminderPolicy);
  const problems = validateReminderPolicy(policy);
  if (problems.length > 0) {
    return reject(
      'INVALID_REMINDER_POLICY',
      `The reminder policy is not valid: ${problems.map((p) => p.message).join('; ')}. Fix these values or leave them out to use the ${cycleTypeDefinition(c.cycleType).labels.en} defaults.`,
      `reminderPolicy.${problems[0].field}`,
    );
  }
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

export const startDecisions: Decisions<'StartCycle'> = {
  StartCycle: startCycle,
};
