import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { createTransport } from 'nodemailer';
import type { Pool } from 'pg';
import { smtpTransportOptions } from '@suivi/config';
import { toIntegrationKafkaMessage } from '@suivi/contracts';
import type { CycleEvent } from '@suivi/domain';
import { createKafka } from '@suivi/kafka';
import { createLogger } from '@suivi/logging';
import { createPool, migrateUp } from '@suivi/postgres';
import { MailpitClient, pollUntil, requireEnv, scratchDatabase } from '@suivi/test-support';
import { startNotifier, type RunningNotifier } from './notifier';
import { PostgresNotifierStore } from './notifier-store';

// The notifier on the integration tier's real Kafka, PostgreSQL and Mailpit: a reminder reaches
// the person assigned, in the inbox and by e-mail, once, whatever the redeliveries and restarts.

const repo = join(__dirname, '..', '..', '..');
const suffix = randomBytes(4).toString('hex');
const topics = { cycleEvents: `int.cycle-events.${suffix}`, reminders: `int.reminders.${suffix}` };
const cycleId = `KH-NOTIFY-${suffix}`;
const deskEmail = `desk.${suffix}@example.org`;

function event<T extends CycleEvent['type']>(
  type: T,
  sequence: number,
  data: Extract<CycleEvent, { type: T }>['data'],
) {
  return {
    type,
    cycleId,
    sequence,
    occurredAt: '2026-05-31T02:00:00.000Z',
    actor: { userId: 'system', role: 'SYSTEM' },
    commandId: `c${sequence}`,
    data,
  } as unknown as CycleEvent;
}

const started = event('CycleStarted', 1, {
  cycleType: 'HUMAN_RIGHTS_DIALOGUE',
  country: 'KH',
  title: 'EU-Cambodia human rights dialogue',
  timeZone: 'Asia/Phnom_Penh',
  reminderPolicy: { beforeDeadline: [], onDeadline: null, escalations: [], localTime: '09:00' },
} as never);
const reminder = event('ReminderSent', 9, {
  reminderKey: 'ap:AP1|2026-06-30|BEFORE_DEADLINE|P30D',
  subject: { kind: 'ACTION_POINT', actionPointId: 'AP1' },
  kind: 'BEFORE_DEADLINE',
  offset: 'P30D',
  recipientRole: 'DESK_OFFICER',
  deadline: '2026-06-30',
  dueAt: '2026-05-31T02:00:00.000Z',
} as never);

describe('notifier on Kafka, PostgreSQL and Mailpit', () => {
  let kafka: Kafka;
  let pool: Pool;
  let groupId: string;
  const mailpit = MailpitClient.fromEnv();
  const running: RunningNotifier[] = [];

  async function publish(topic: string, ...events: CycleEvent[]) {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: events.map((e) => toIntegrationKafkaMessage(e)) });
    await producer.disconnect();
  }

  const mailpitSmtp = () => ({
    SMTP_HOST: requireEnv('SMTP_HOST'),
    SMTP_PORT: Number(requireEnv('SMTP_PORT')),
    SMTP_SECURE: false,
  });

  async function start(smtp = mailpitSmtp()): Promise<RunningNotifier> {
    const notifier = await startNotifier({
      kafka,
      groupId,
      topics,
      store: new PostgresNotifierStore(pool),
      transport: createTransport(smtpTransportOptions(smtp)),
      from: 'Suivi <suivi@example.org>',
      logger: createLogger('notifier-int', 'warn'),
      mailIntervalMs: 200,
      consumerConfig: { sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 200 },
      compose: {
        webBaseUrl: 'http://127.0.0.1:3000',
        unsubscribeBaseUrl: 'http://127.0.0.1:3000/v1/me/unsubscribe',
        unsubscribeKey: randomBytes(32),
        messageIdDomain: 'suivi.test',
      },
    });
    running.push(notifier);
    return notifier;
  }

  const toDesk = async () => (await mailpit.search(`to:"${deskEmail}"`)).length;
  const inbox = async () =>
    (
      await pool.query<{ user_id: string; kind: string; emailed: boolean }>(
        `SELECT user_id, kind, emailed_at IS NOT NULL AS emailed FROM api.notifications WHERE cycle_id = $1 ORDER BY user_id`,
        [cycleId],
      )
    ).rows;

  beforeAll(async () => {
    kafka = createKafka({
      brokers: requireEnv('KAFKA_BROKERS').split(','),
      clientId: 'notifier-int',
      log: () => undefined,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: Object.values(topics).map((topic) => ({ topic, numPartitions: 2, replicationFactor: 1 })),
    });
    await admin.disconnect();
    const databaseUrl = await scratchDatabase('int_notifier');
    await migrateUp({ databaseUrl, dir: join(repo, 'apps', 'api', 'migrations'), migrationsTable: 'api_pgmigrations' });
    await migrateUp({
      databaseUrl,
      dir: join(repo, 'apps', 'notifier', 'migrations'),
      migrationsTable: 'notifier_pgmigrations',
    });
    pool = createPool(databaseUrl);
    await pool.query(
      `INSERT INTO api.people (user_id, email, language, time_zone, role, countries, delivery) VALUES
         ('desk.kh', $1, 'fr', 'Asia/Phnom_Penh', 'desk-officer', '{KH}', 'immediate'),
         ('reviewer.hq', $2, 'en', 'Europe/Brussels', 'reviewer', '{}', 'immediate')`,
      [deskEmail, `reviewer.${suffix}@example.org`],
    );
    await pool.query(
      `INSERT INTO api.country_assignments (country, assignment, user_id, assigned_by) VALUES ('KH', 'DESK_OFFICER', 'desk.kh', 'reviewer.hq')`,
    );
  });

  beforeEach(() => {
    groupId = `notifier-int-${randomBytes(4).toString('hex')}`;
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((n) => n.stop()));
  });

  afterAll(async () => {
    await pool?.end();
  });

  it('sends the assigned desk officer one e-mail in French and one inbox row, whatever the redeliveries', async () => {
    // The reminder first: the notifier parks it until its cycle's start (read from the other topic).
    await publish(topics.reminders, reminder);
    await publish(topics.cycleEvents, started);
    await start();
    await pollUntil(async () => ((await toDesk()) === 1 ? true : undefined), 30_000);
    expect(await inbox()).toEqual([{ user_id: 'desk.kh', kind: 'BEFORE_DEADLINE', emailed: true }]);
    // Parked while its cycle was unknown (its partition went on), handled when the start came.
    const parked = await pool.query('SELECT 1 FROM notifier.parked_events WHERE cycle_id = $1', [cycleId]);
    expect(parked.rowCount).toBe(0);

    const [summary] = await mailpit.search(`to:"${deskEmail}"`);
    if (!summary) throw new Error('no message to the desk officer');
    const message = await mailpit.getMessage(summary.ID);
    expect(message.Subject).toMatch(/rappel|échéance/i);
    expect(message.HTML).toContain(`/cycles/${cycleId}`);
    expect((await mailpit.getHeaders(summary.ID))['List-Unsubscribe-Post']).toEqual(['List-Unsubscribe=One-Click']);

    // Kafka delivers the same reminder again, and a second notifier of the same group starts: nothing more.
    await publish(topics.reminders, reminder);
    await start();
    await new Promise((r) => setTimeout(r, 3000));
    await Promise.all(running.map((n) => n.sendNow()));
    expect(await toDesk()).toBe(1);
    expect(await inbox()).toHaveLength(1);

    // A crash after the SMTP server accepted the message but before it was marked sent: sent
    // again on restart with the same Message-ID, and the mailbox still holds it once.
    await pool.query('UPDATE api.notifications SET emailed_at = NULL WHERE cycle_id = $1', [cycleId]);
    await running[0]?.sendNow();
    expect(await inbox()).toEqual([{ user_id: 'desk.kh', kind: 'BEFORE_DEADLINE', emailed: true }]);
    expect(await toDesk()).toBe(1);
  }, 90_000);

  it('keeps what it owes while the SMTP server is down, and sends it once it is back', async () => {
    const escalation = event('ReminderSent', 10, {
      reminderKey: 'ap:AP1|2026-06-30|ESCALATION|P7D',
      subject: { kind: 'ACTION_POINT', actionPointId: 'AP1' },
      kind: 'ESCALATION',
      offset: 'P7D',
      recipientRole: 'DESK_OFFICER',
      deadline: '2026-06-30',
      dueAt: '2026-07-07T02:00:00.000Z',
    } as never);
    await publish(topics.reminders, escalation);
    // An SMTP server nobody listens on (a closed loopback port).
    await start({ SMTP_HOST: '127.0.0.1', SMTP_PORT: 9, SMTP_SECURE: false });
    const escalations = async () => (await inbox()).filter((row) => row.kind === 'ESCALATION');
    await pollUntil(async () => ((await escalations()).length === 1 ? true : undefined), 30_000);
    await running[0]?.sendNow();
    expect(await escalations()).toEqual([{ user_id: 'desk.kh', kind: 'ESCALATION', emailed: false }]);
    await Promise.all(running.splice(0).map((n) => n.stop()));

    await start();
    await pollUntil(async () => ((await escalations())[0]?.emailed ? true : undefined), 30_000);
    expect(await toDesk()).toBe(2); // the first test's reminder and this escalation
  }, 90_000);

  it('tells the assigned desk officer of progress reported, in the inbox and by e-mail, once, without its text', async () => {
    const text = `Progress report ${suffix} that stays in Suivi`;
    const progress = event('ProgressReported', 11, {
      actionPointId: 'AP1',
      reportId: 'PR-1',
      text,
      evidenceLinks: ['https://evidence.example.org/1', 'https://evidence.example.org/2'],
      reportedOn: '2026-06-10',
    } as never);
    const before = await toDesk();
    // The cycle's start again (a redelivery adds nothing), so that this test stands on its own.
    await publish(topics.cycleEvents, started, progress);
    await start();
    const progressRows = async () => (await inbox()).filter((row) => row.kind === 'PROGRESS_REPORTED');
    await pollUntil(async () => ((await progressRows())[0]?.emailed ? true : undefined), 30_000);
    expect(await progressRows()).toEqual([{ user_id: 'desk.kh', kind: 'PROGRESS_REPORTED', emailed: true }]);
    expect(await toDesk()).toBe(before + 1);

    const summary = (await mailpit.search(`to:"${deskEmail}"`)).find((m) => /avancement/i.test(m.Subject));
    if (!summary) throw new Error('no progress message to the desk officer');
    const message = await mailpit.getMessage(summary.ID);
    expect(message.Subject).toContain('AP1');
    expect(message.Text).toContain('PR-1');
    for (const part of [message.Subject, message.Text, message.HTML]) {
      expect(part).not.toContain(text);
      expect(part).not.toContain('evidence.example.org');
    }

    // Delivered again: nothing more in the inbox or the mailbox.
    await publish(topics.cycleEvents, progress);
    await new Promise((r) => setTimeout(r, 3000));
    await Promise.all(running.map((n) => n.sendNow()));
    expect(await progressRows()).toHaveLength(1);
    expect(await toDesk()).toBe(before + 1);
  }, 90_000);
});
