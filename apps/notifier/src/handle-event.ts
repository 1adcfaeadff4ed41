import type { IntegrationMessage } from '@suivi/contracts';
import type { NotificationRow, NotifierStore } from './notifier-store';
import { noticeOf } from './notices/from-events';
import type { NoticeKind } from './notices/kinds';
import { noticeRecipients } from './notices/recipients';

export type Handled =
  | { kind: 'cycle-remembered'; unparked: number }
  | { kind: 'notified'; notice: NoticeKind; recipients: number; added: number; unassigned: boolean }
  | { kind: 'parked'; cycleId: string }
  | { kind: 'ignored' };

/**
 * What one integration event means for people. cycle.started: the notifier remembers the
 * cycle's type, country and zone, then handles what was parked for it. An event that gives a
 * notice (notices/from-events.ts: a reminder, progress reported, an assessment, a round closed
 * with items carried over, a withdrawal milestone): one inbox row per recipient (the recipient
 * rule of libs/notifications, per role of the notice), inserted once whatever the redeliveries.
 * Any other event: nothing.
 *
 * A notice read before its cycle's start (reminders come on a topic of their own, with no
 * order between the two) is parked in PostgreSQL rather than refused: refusing it made kafkajs
 * read it again and again, holding back its whole partition, and forever if that cycle.started
 * never came. Both sides write first and look second (park, then ask for the cycle again;
 * remember the cycle, then take what is parked), so with several notifiers in the group one of
 * them always sees the other's write; rows are idempotent, so both handling it is harmless.
 */
export async function handleIntegrationMessage(message: IntegrationMessage, store: NotifierStore): Promise<Handled> {
  const { cloudEvent, event } = message;
  if (event.type === 'cycle.started' && event.version === 1) {
    const { cycleType, country, timeZone } = event.data;
    await store.rememberCycle({ cycleId: cloudEvent.subject, cycleType, country, timeZone }, cloudEvent.id);
    const parked = await store.parkedFor(cloudEvent.subject);
    for (const waiting of parked) await handleIntegrationMessage(waiting, store);
    await store.unpark(parked.map((waiting) => waiting.cloudEvent.id));
    return { kind: 'cycle-remembered', unparked: parked.length };
  }
  const notice = noticeOf(event, cloudEvent);
  if (!notice) return { kind: 'ignored' };
  let cycle = await store.cycle(cloudEvent.subject);
  if (!cycle) {
    await store.park(cloudEvent.subject, message);
    cycle = await store.cycle(cloudEvent.subject);
    if (!cycle) return { kind: 'parked', cycleId: cloudEvent.subject };
    await store.unpark([cloudEvent.id]);
  }
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
