import { randomBytes } from 'node:crypto';
import { createLogger } from '@suivi/logging';
import { sendOwedEmails, type MailTransport } from './mailer';
import { InMemoryNotifierStore } from './testing/in-memory-store';

const compose = {
  webBaseUrl: 'https://suivi.example.org',
  unsubscribeBaseUrl: 'https://suivi.example.org/v1/me/unsubscribe',
  unsubscribeKey: randomBytes(32),
  messageIdDomain: 'suivi.example.org',
};
const logger = createLogger('mailer-spec', 'silent');

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
  ];
  const row = (userId: string, kind: string) => ({
    notificationId: `KH-2026:5:${userId}:${kind}`,
    userId,
    kind,
    cycleId: 'KH-2026',
    country: 'KH',
    actionPointId: 'AP1',
    sourceEventId: 'KH-2026:5',
    recipientRole: 'DELEGATION',
    unassigned: false,
    deadline: '2026-06-30',
    dueAt: '2026-06-16T02:00:00.000Z',
    data: { reminderKey: 'k', offset: 'P14D' },
  });
  void store.addNotifications([
    row('now', 'BEFORE_DEADLINE'),
    row('daily', 'BEFORE_DEADLINE'),
    row('daily', 'ESCALATION'),
  ]);
  return store;
}

describe('the mailer', () => {
  it('e-mails at once those who chose it, and everyone their escalations; a digest reader waits for the digest', async () => {
    const store = storeWithRows();
    const sent: Array<{ to: string; messageId: string }> = [];
    const transport: MailTransport = { sendMail: async (m) => void sent.push({ to: m.to, messageId: m.messageId }) };
    expect(await sendOwedEmails({ store, transport, compose, from: 'suivi@example.org', logger })).toEqual({
      sent: 2,
      failed: 0,
    });
    expect(sent.map((m) => m.to).sort()).toEqual(['daily@example.org', 'now@example.org']);
    // Nothing is owed twice.
    expect(await sendOwedEmails({ store, transport, compose, from: 'suivi@example.org', logger })).toEqual({
      sent: 0,
      failed: 0,
    });
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
    expect(await sendOwedEmails({ store, transport: down, compose, from: 'suivi@example.org', logger })).toEqual({
      sent: 0,
      failed: 1,
    });
    expect(calls).toBe(1);
    expect([...store.rows.values()].every((row) => !row.emailed)).toBe(true);
    // Back up: the same messages go, with the same Message-IDs they would have had.
    const ids: string[] = [];
    const up: MailTransport = { sendMail: async (m) => void ids.push(m.messageId) };
    await sendOwedEmails({ store, transport: up, compose, from: 'suivi@example.org', logger });
    const again: string[] = [];
    const fresh = storeWithRows();
    await sendOwedEmails({
      store: fresh,
      transport: { sendMail: async (m) => void again.push(m.messageId) },
      compose,
      from: 'suivi@example.org',
      logger,
    });
    expect(ids.sort()).toEqual(again.sort());
  });
});
