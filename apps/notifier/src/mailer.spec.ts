import { randomBytes } from 'node:crypto';
import { createLogger } from '@suivi/logging';
import { messageIdFor, notificationKey } from '@suivi/notifications';
import { sendOwedEmails, type MailTransport } from './mailer';
import type { NotificationData, NotificationRow } from './notifier-store';
import { InMemoryNotifierStore } from './testing/in-memory-store';

const compose = {
  webBaseUrl: 'https://suivi.example.org',
  unsubscribeBaseUrl: 'https://suivi.example.org/v1/me/unsubscribe',
  unsubscribeKey: randomBytes(32),
  messageIdDomain: 'suivi.example.org',
};
const logger = createLogger('mailer-spec', 'silent');
const from = 'suivi@example.org';

const reminderData = { reminderKey: 'k', offset: 'P14D' };
const progressData = { reportId: 'PR-7', reportedOn: '2026-06-10', evidenceCount: 1 };

function row(userId: string, kind: string, data: NotificationData = reminderData): NotificationRow {
  const reminder = ['BEFORE_DEADLINE', 'ON_DEADLINE', 'ESCALATION'].includes(kind);
  return {
    notificationId: `KH-2026:5:${userId}:${kind}`,
    userId,
    kind,
    cycleId: 'KH-2026',
    country: 'KH',
    actionPointId: 'AP1',
    sourceEventId: 'KH-2026:5',
    recipientRole: 'DELEGATION',
    unassigned: false,
    deadline: reminder ? '2026-06-30' : null,
    dueAt: '2026-06-16T02:00:00.000Z',
    data,
  };
}

function storeWithRows(): InMemoryNotifierStore {
  const store = new InMemoryNotifierStore();
  store.cycles.set('KH-2026', {
    cycleId: 'KH-2026',
    cycleType: 'HUMAN_RIGHTS_DIALOGUE',
    country: 'KH',
    timeZone: 'UTC',
  });
  store.people = [
    {
      userId: 'now',
      role: 'delegation',
      countries: ['KH'],
      email: 'now@example.org',
      delivery: 'immediate',
      language: 'fr',
    },
    { userId: 'daily', role: 'delegation', countries: ['KH'], email: 'daily@example.org', delivery: 'digest' },
    { userId: 'never', role: 'delegation', countries: ['KH'], email: 'never@example.org', delivery: 'none' },
  ];
  void store.addNotifications([
    row('now', 'BEFORE_DEADLINE'),
    row('daily', 'BEFORE_DEADLINE'),
    row('daily', 'ON_DEADLINE'),
    row('daily', 'ESCALATION'),
    row('daily', 'PROGRESS_REPORTED', progressData),
    row('never', 'ESCALATION'),
    row('never', 'PROGRESS_REPORTED', progressData),
  ]);
  return store;
}

function capture() {
  const sent: Array<{ to: string; subject: string; messageId: string }> = [];
  const transport: MailTransport = {
    sendMail: async (m) => void sent.push({ to: m.to, subject: m.subject, messageId: m.messageId }),
  };
  return { sent, transport };
}

describe('the mailer', () => {
  it('e-mails at once those who chose it; a digest reader gets escalations and notices, the reminders wait', async () => {
    const store = storeWithRows();
    const { sent, transport } = capture();
    expect(await sendOwedEmails({ store, transport, compose, from, logger })).toEqual({ sent: 3, failed: 0 });
    expect(sent.map((m) => m.to)).toEqual(['now@example.org', 'daily@example.org', 'daily@example.org']);
    expect(sent[2]?.subject).toBe('Suivi: progress reported on action point AP1 (Cambodia)');
    const emailed = (id: string) => store.rows.get(id)?.emailed;
    expect(emailed('KH-2026:5:daily:ESCALATION')).toBe(true);
    // Left for the daily digest (built elsewhere), which marks them.
    expect(emailed('KH-2026:5:daily:BEFORE_DEADLINE')).toBe(false);
    expect(emailed('KH-2026:5:daily:ON_DEADLINE')).toBe(false);
    // Nothing is owed twice.
    expect(await sendOwedEmails({ store, transport, compose, from, logger })).toEqual({ sent: 0, failed: 0 });
  });

  it('e-mails nothing to who chose no e-mail, whose rows stay in the inbox', async () => {
    const store = storeWithRows();
    const { sent, transport } = capture();
    await sendOwedEmails({ store, transport, compose, from, logger });
    expect(sent.map((m) => m.to)).not.toContain('never@example.org');
    expect([...store.rows.values()].filter((r) => r.userId === 'never').map((r) => [r.kind, r.emailed])).toEqual([
      ['ESCALATION', false],
      ['PROGRESS_REPORTED', false],
    ]);
  });

  it('names each message as libs/notifications does, so that a copy sent again has the same Message-ID', async () => {
    const store = storeWithRows();
    const { sent, transport } = capture();
    await sendOwedEmails({ store, transport, compose, from, logger });
    const key = notificationKey('progress-reported', {
      sourceEventId: 'KH-2026:5',
      cycle: { cycleId: 'KH-2026', cycleType: 'HUMAN_RIGHTS_DIALOGUE', country: 'KH' },
      actionPoint: { actionPointId: 'AP1' },
      ...progressData,
    });
    expect(sent[2]?.messageId).toBe(messageIdFor(key, 'daily', compose.messageIdDomain));
  });

  it('leaves out the kinds it cannot compose, and fails a malformed row without stopping the round', async () => {
    const store = storeWithRows();
    void store.addNotifications([
      row('now', 'SOMETHING_NEWER', {}),
      { ...row('now', 'ROUND_CLOSED', { roundId: 'R1', carriedOverActionPointIds: [] }), notificationId: 'bad' },
      row('now', 'ASSESSMENT_RECORDED', { assessment: 'COMPLETED' }),
    ]);
    const { sent, transport } = capture();
    expect(await sendOwedEmails({ store, transport, compose, from, logger })).toEqual({ sent: 4, failed: 1 });
    expect(sent[3]?.subject).toMatch(/^Suivi\s: point d’action AP1 évalué, réalisé \(Cambodge\)$/);
    expect(store.rows.get('bad')?.emailed).toBe(false);
    expect(store.rows.get('KH-2026:5:now:SOMETHING_NEWER')?.emailed).toBe(false);
  });

  it('marks nothing sent that the SMTP server did not accept, and stops the round when the server is down', async () => {
    const store = storeWithRows();
    let calls = 0;
    const down: MailTransport = {
      sendMail: async () => {
        calls++;
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' });
      },
    };
    expect(await sendOwedEmails({ store, transport: down, compose, from, logger })).toEqual({
      sent: 0,
      failed: 1,
    });
    expect(calls).toBe(1);
    expect([...store.rows.values()].every((row) => !row.emailed)).toBe(true);
    // Back up: the same messages go, with the same Message-IDs they would have had.
    const ids: string[] = [];
    const up: MailTransport = { sendMail: async (m) => void ids.push(m.messageId) };
    await sendOwedEmails({ store, transport: up, compose, from, logger });
    const again: string[] = [];
    const fresh = storeWithRows();
    await sendOwedEmails({
      store: fresh,
      transport: { sendMail: async (m) => void again.push(m.messageId) },
      compose,
      from,
      logger,
    });
    expect(ids).toHaveLength(3);
    expect(ids.sort()).toEqual(again.sort());
  });
});
