import type { IntegrationMessage } from '@suivi/contracts';
import { resolveRecipients, type Assignment } from '@suivi/notifications';
import type { NotificationRow, NotifierStore } from './notifier-store';

/** A reminder about a cycle whose cycle.started has not been read yet (the two topics are read side by side). */
export class CycleNotKnownYet extends Error {
  constructor(readonly cycleId: string) {
    super(`cycle ${cycleId} is not known yet: its cycle.started has not been read`);
    this.name = 'CycleNotKnownYet';
  }
}

export type Handled =
  | { kind: 'cycle-remembered' }
  | { kind: 'notified'; recipients: number; added: number; unassigned: boolean }
  | { kind: 'ignored' };

/**
 * What one integration event means for people. cycle.started: the notifier remembers the
 * cycle's type, country and zone. reminder.sent: one inbox row per recipient (the recipient
 * rule of libs/notifications), inserted once whatever the redeliveries. Other events are for
 * later slices (progress reported, assessments, carried-over items, withdrawal milestones).
 */
export async function handleIntegrationMessage(message: IntegrationMessage, store: NotifierStore): Promise<Handled> {
  const { cloudEvent, event } = message;
  if (event.type === 'cycle.started' && event.version === 1) {
    const { cycleType, country, timeZone } = event.data;
    await store.rememberCycle({ cycleId: cloudEvent.subject, cycleType, country, timeZone }, cloudEvent.id);
    return { kind: 'cycle-remembered' };
  }
  if (event.type === 'reminder.sent' && event.version === 1) {
    const cycle = await store.cycle(cloudEvent.subject);
    if (!cycle) throw new CycleNotKnownYet(cloudEvent.subject);
    const reminder = event.data;
    const recipients = resolveRecipients(
      cycle.country,
      reminder.recipientRole as Assignment,
      await store.directoryFor(cycle.country),
    );
    const rows: NotificationRow[] = recipients.userIds.map((userId) => ({
      notificationId: `${cloudEvent.id}:${userId}`,
      userId,
      kind: reminder.kind,
      cycleId: cycle.cycleId,
      country: cycle.country,
      actionPointId: reminder.subject.kind === 'ACTION_POINT' ? reminder.subject.actionPointId : null,
      sourceEventId: cloudEvent.id,
      recipientRole: reminder.recipientRole,
      unassigned: recipients.unassigned,
      deadline: reminder.deadline,
      dueAt: reminder.dueAt,
      data: { reminderKey: reminder.reminderKey, offset: reminder.offset },
    }));
    const added = await store.addNotifications(rows);
    return { kind: 'notified', recipients: rows.length, added, unassigned: recipients.unassigned };
  }
  return { kind: 'ignored' };
}
