import { type CommandMetadata } from '../cycle-types';
import { instantMillis } from '../dates';
import { describeReminder, reminderPendingProblem } from '../reminders';
import type { CycleState } from '../state';
import { Outcome, Command, Decisions } from './outcome';
import { reject } from './rejections';

export function sendReminder(state: CycleState, c: Command<'SendReminder'>, metadata: CommandMetadata): Outcome {
  const key = typeof c.reminderKey === 'string' ? c.reminderKey : '';
  const problem = reminderPendingProblem(state, key);
  const reminder = describeReminder(state, key);
  if (problem || !reminder)
    return reject('REMINDER_NOT_PENDING', problem ?? `Reminder "${key}" is not pending.`, 'reminderKey');
  if (instantMillis(reminder.dueAt) > instantMillis(metadata.issuedAt)) {
    return reject(
      'REMINDER_NOT_DUE',
      `Reminder "${key}" is due at ${reminder.dueAt}, not yet at ${metadata.issuedAt}; it will be sent then.`,
      'reminderKey',
    );
  }
  return [{ type: 'ReminderSent', data: reminder }];
}

// ---- checks shared by several commands ----

export const reminderDecisions: Decisions<'SendReminder'> = {
  SendReminder: sendReminder,
};
