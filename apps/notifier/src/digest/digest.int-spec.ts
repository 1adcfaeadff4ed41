import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { Pool } from 'pg';
import { DateTime } from 'luxon';
import { smtpTransportOptions } from '@suivi/config';
import { createLogger } from '@suivi/logging';
import { createPool, migrateUp } from '@suivi/postgres';
import { connectTemporalClient } from '@suivi/temporal';
import type { DailyDigestInput, DailyDigestResult } from '@suivi/workflows';
import { bundleSuiviWorkflows } from '@suivi/workflows-bundler';
import { MailpitClient, pollUntil, requireEnv, scratchDatabase } from '@suivi/test-support';
import type { Client } from '@temporalio/client';
import { digestScheduleId } from './digest-schedules';
import { PostgresDigestStore } from './digest-store';
import { startDigests, type RunningDigests } from './digests';

// The daily digest on the integration tier's real Temporal server, PostgreSQL and Mailpit: the
// zone's schedule exists at 09:00 local time, and a run of tomorrow's morning in Colombo puts an
// action point due that day into the LK delegation focal point's digest, in French, once,
// whatever runs again, crashes between sending and marking, or SMTP outages happen.

const repo = join(__dirname, '..', '..', '..', '..');
const suffix = randomBytes(4).toString('hex');
const COLOMBO = 'Asia/Colombo';
const KOLKATA = 'Asia/Kolkata';
const cycleId = `LK-DIGEST-${suffix}`;
const focalEmail = `focal.lk.${suffix}@example.org`;
const kolkataEmail = `desk.in.${suffix}@example.org`;
const taskQueue = `int-notifier-${suffix}`;

/** The instant of 09:00 tomorrow in a zone, and that local date. */
function tomorrowAtNine(zone: string): { asOf: string; date: string } {
  const nine = DateTime.now().setZone(zone).plus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  const asOf = nine.toUTC().toISO();
  const date = nine.toISODate();
  if (!asOf || !date) throw new Error(`no 09:00 tomorrow in ${zone}`);
  return { asOf, date };
}

describe('daily digest on Temporal, PostgreSQL and Mailpit', () => {
  let pool: Pool;
  let client: Client;
  let bundlePath: string;
  const mailpit = MailpitClient.fromEnv();
  const running: RunningDigests[] = [];
  const logger = createLogger('digest-int', 'warn');

  const mailpitSmtp = () => ({
    SMTP_HOST: requireEnv('SMTP_HOST'),
    SMTP_PORT: Number(requireEnv('SMTP_PORT')),
    SMTP_SECURE: false,
  });

  async function start(smtp = mailpitSmtp()): Promise<RunningDigests> {
    const digests = await startDigests({
      store: new PostgresDigestStore(pool),
      transport: createTransport(smtpTransportOptions(smtp)),
      from: 'Suivi <suivi@example.org>',
      logger,
      zoneSyncMs: 60_000,
      // Before 09:00 in both zones: a schedule made now is not also run at once for today,
      // so that the mailbox holds only the mornings this test plays.
      now: () => new Date('2026-01-01T00:00:00.000Z'),
      compose: {
        webBaseUrl: 'http://127.0.0.1:3000',
        unsubscribeBaseUrl: 'http://127.0.0.1:3000/v1/me/unsubscribe',
        unsubscribeKey: randomBytes(32),
        messageIdDomain: 'suivi.test',
      },
      temporal: {
        address: requireEnv('TEMPORAL_ADDRESS'),
        namespace: requireEnv('TEMPORAL_NAMESPACE'),
        taskQueue,
        codecKeys: requireEnv('TEMPORAL_CODEC_KEYS'),
        workflowBundlePath: bundlePath,
      },
    });
    running.push(digests);
    return digests;
  }

  const runMorning = (input: DailyDigestInput, id: string): Promise<DailyDigestResult> =>
    client.workflow.execute('dailyDigestWorkflow', { taskQueue, workflowId: `${id}-${suffix}`, args: [input] });
  const messagesTo = async (email: string) => mailpit.search(`to:"${email}"`);

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'suivi-digest-'));
    bundlePath = join(dir, 'workflow-bundle.js');
    writeFileSync(bundlePath, (await bundleSuiviWorkflows()).code);
    client = await connectTemporalClient({
      address: requireEnv('TEMPORAL_ADDRESS'),
      namespace: requireEnv('TEMPORAL_NAMESPACE'),
      codecKeys: requireEnv('TEMPORAL_CODEC_KEYS'),
    });

    const databaseUrl = await scratchDatabase('int_digest');
    for (const [app, table] of [
      ['api', 'api_pgmigrations'],
      ['notifier', 'notifier_pgmigrations'],
      ['projector', 'pgmigrations'],
    ]) {
      await migrateUp({ databaseUrl, dir: join(repo, 'apps', app, 'migrations'), migrationsTable: table });
    }
    pool = createPool(databaseUrl);
    await pool.query(
      `INSERT INTO api.people (user_id, email, language, time_zone, role, countries, delivery) VALUES
         ('focal.lk', $1, 'fr', $3, 'delegation', '{LK}', 'digest'),
         ('desk.in', $2, 'en', $4, 'desk-officer', '{IN}', 'digest'),
         ('reviewer.hq', NULL, 'en', 'Europe/Brussels', 'reviewer', '{}', 'digest')`,
      [focalEmail, kolkataEmail, COLOMBO, KOLKATA],
    );
    await pool.query(
      `INSERT INTO api.country_assignments (country, assignment, user_id, assigned_by) VALUES
         ('LK', 'DELEGATION', 'focal.lk', 'reviewer.hq'), ('IN', 'DESK_OFFICER', 'desk.in', 'reviewer.hq')`,
    );
    const now = new Date().toISOString();
    for (const [id, country, zone] of [
      [cycleId, 'LK', COLOMBO],
      [`IN-DIGEST-${suffix}`, 'IN', KOLKATA],
    ]) {
      await pool.query(
        `INSERT INTO read_model_g1.cycles (cycle_id, cycle_type, country, title, time_zone, status, version,
           started_at, rounds_scheduled, gsp_stages, updated_at)
         VALUES ($1, 'HUMAN_RIGHTS_DIALOGUE', $2, 'A title that stays out of e-mails', $3, 'ACTIVE', 3, $4, 1, '{}', $4)`,
        [id, country, zone, now],
      );
      await pool.query(
        `INSERT INTO read_model_g1.action_points (cycle_id, action_point_id, original_round_id, round_id, text, owner,
           deadline, priority, themes, conventions, un_references, status, rounds_carried, progress_reports,
           reminders_sent, escalated, proposed_at, version, updated_at)
         VALUES ($1, 'AP-TOMORROW', 'R1', 'R1', 'Free text that stays out of e-mails', 'PARTNER', $2::date, 'HIGH',
           '{I.C}', '{}', '[]', 'AGREED', 0, 0, 0, false, $3, 2, $3)`,
        [id, tomorrowAtNine(zone).date, now],
      );
    }
  }, 120_000);

  afterEach(async () => {
    await Promise.all(running.splice(0).map((d) => d.stop()));
  });

  afterAll(async () => {
    await client?.connection.close();
    await pool?.end();
  });

  it('has a 09:00 schedule per zone, and tomorrow morning in Colombo gives the focal point one digest in French', async () => {
    const digests = await start();
    expect(await digests.syncZones()).toEqual([]); // made when it started, once
    const schedule = await client.schedule.getHandle(digestScheduleId(COLOMBO)).describe();
    expect(schedule.spec.timezone).toBe(COLOMBO);
    expect(schedule.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 9, end: 9, step: 1 }] });
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'dailyDigestWorkflow' });

    const morning = tomorrowAtNine(COLOMBO);
    const result = await runMorning({ timeZone: COLOMBO, asOf: morning.asOf }, 'colombo-1');
    expect(result).toMatchObject({ localDate: morning.date, recipients: 1, sent: 1 });
    const [summary, ...more] = await messagesTo(focalEmail);
    if (!summary) throw new Error('no digest to the focal point');
    expect(more).toHaveLength(0);
    const message = await mailpit.getMessage(summary.ID);
    expect(message.Subject).toContain('1 à échéance aujourd’hui');
    expect(message.Text).toContain('AP-TOMORROW');
    expect(message.HTML).toContain(`/cycles/${cycleId}`);
    expect(`${message.Text}${message.HTML}`).not.toContain('stays out of e-mails');

    // The same morning again, and a crash between the SMTP server's acceptance and the mark.
    expect(await runMorning({ timeZone: COLOMBO, asOf: morning.asOf }, 'colombo-2')).toMatchObject({
      sent: 0,
      alreadySent: 1,
    });
    await pool.query('UPDATE notifier.digests SET emailed_at = NULL WHERE user_id = $1', ['focal.lk']);
    expect(await runMorning({ timeZone: COLOMBO, asOf: morning.asOf }, 'colombo-3')).toMatchObject({ sent: 1 });
    expect(await messagesTo(focalEmail)).toHaveLength(1);
  }, 120_000);

  it('keeps the morning’s digest while SMTP is down and sends it, once, when it is back', async () => {
    // An SMTP server nobody listens on (a closed loopback port): the activity fails and is retried.
    await start({ SMTP_HOST: '127.0.0.1', SMTP_PORT: 9, SMTP_SECURE: false });
    const morning = tomorrowAtNine(KOLKATA);
    const handle = await client.workflow.start('dailyDigestWorkflow', {
      taskQueue,
      workflowId: `kolkata-${suffix}`,
      args: [{ timeZone: KOLKATA, asOf: morning.asOf }],
    });
    await pollUntil(async () => {
      const pending = (await handle.describe()).raw.pendingActivities ?? [];
      return (pending[0]?.attempt ?? 0) >= 2 ? true : undefined;
    }, 60_000);
    expect(await messagesTo(kolkataEmail)).toHaveLength(0);
    await Promise.all(running.splice(0).map((d) => d.stop()));

    await start();
    const result = (await handle.result()) as DailyDigestResult;
    expect(result).toMatchObject({ localDate: morning.date, sent: 1 });
    expect(await messagesTo(kolkataEmail)).toHaveLength(1);
  }, 120_000);
});
