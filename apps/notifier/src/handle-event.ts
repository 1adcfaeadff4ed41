import type { IntegrationMessage } from '@suivi/contracts';
import type { NotificationRow, NotifierStore } from './notifier-store';
import { noticeOf } from './notices/from-events';
import type { NoticeKind } from './notices/kinds';
import { noticeRecipients } from './notices/recipients';

/** A notice about a cycle whose cycle.started has not been read yet (reminders come on a topic of their own). */
export class CycleNotKnownYet extends Error {
  constructor(readonly cycleId: string) {
    super(`cycle ${cycleId} is not known yet: its cycle.started has not been read`);
    this.name = 'CycleNotKnownYet';
  }
}

export type Handled =
  | { kind: 'cycle-remembered' }
  | { kind: 'notified'; notice: NoticeKind; recipients: number; added: number; unassigned: boolean }
  | { kind: 'ignored' };

/**
 * What one integration event means for people. cycle.started: the notifier remembers the
 * cycle's type, country and zone. An event that gives a notice (notices/from-events.ts: a
 * reminder, progress reported, an assessment, a round closed with items carried over, a
 * withdrawal milestone): one inbox row per recipient (the recipient rule of libs/notifications,
 * per role of the notice), inserted once whatever the redeliveries. Any other event: nothing.
 */
export async function handleIntegrationMessage(message: IntegrationMessage, store: NotifierStore): Promise<Handled> {
  const { cloudEvent, event } = message;
  if (event.type === 'cycle.started' && event.version === 1) {
    const { cycleType, country, timeZone } = event.data;
    await store.rememberCycle({ cycleId: cloudEvent.subject, cycleType, country, timeZone }, cloudEvent.id);
    return { kind: 'cycle-remembered' };
  }
  const notice = noticeOf(event, cloudEvent);
  if (!notice) return { kind: 'ignored' };
  const cycle = await store.cycle(cloudEvent.subject);
  if (!cycle) throw new CycleNotKnownYet(cloudEvent.subject);
  const { recipients, unassigned } = noticeRecipients(
    cycle.country,
    notice.roles,
    await store.directoryFor(cycle.country),
  );
  const rows: NotificationRow[] = recipients.map((recipient) => ({
    notificationId: `${cloudEvent.id}:${recipient.userId}`,
    userId: recipient.userId,
    kind: notice.kind,
    cycleId: cycle.cycleId,
    country: cycle.country,
    actionPointId: notice.actionPointId,
    sourceEventId: cloudEvent.id,
    recipientRole: recipient.role,
    unassigned: recipient.unassigned,
    deadline: notice.deadline,
    dueAt: notice.dueAt,
    data: notice.data,
  }));
  const added = await store.addNotifications(rows);
  return { kind: 'notified', notice: notice.kind, recipients: rows.length, added, unassigned };
}
