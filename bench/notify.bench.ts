import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { createTransport } from 'nodemailer';
import type { Pool } from 'pg';
import { createPool, migrateUp } from '@suivi/postgres';
import { connectTemporalClient } from '@suivi/temporal';
import type { DailyDigestInput, DailyDigestResult } from '@suivi/workflows';
import { bundleSuiviWorkflows } from '@suivi/workflows-bundler';
import {
  launch,
  MailpitClient,
  pollUntil,
  readStackFile,
  repoRoot,
  stopLaunched,
  suiviHome,
  waitForReady,
  type StackFile,
} from '@suivi/test-support';
import { startBuiltApp, stopBuiltApp } from './support/bench-apps';
import { log, percentile, printFigures, round } from './support/figures';

/**
 * bench:notify (issue 17): 10,000 action points followed by 500 people, all due at the same
 * 09:00. The real notifier app (its own process, as `npm start` runs it) composes and sends the
 * morning's 500 digests, started as that zone's schedule starts it; the time until Mailpit holds
 * all of them is set against a bare nodemailer loop sending as many messages of the same size
 * to the same Mailpit, in alternating rounds of the same run. Also checked: exactly one digest
 * per person per morning.
 */

const PEOPLE = Number(process.env['BENCH_NOTIFY_PEOPLE'] ?? 500);
const ACTION_POINTS = Number(process.env['BENCH_NOTIFY_ACTION_POINTS'] ?? 10_000);
const ROUNDS = Number(process.env['BENCH_NOTIFY_ROUNDS'] ?? 3);
const PEOPLE_PER_COUNTRY = 5; // two desk officers and three delegation focal points
const ZONE = 'Europe/Brussels';
const COUNTRIES = Math.max(1, Math.ceil(PEOPLE / PEOPLE_PER_COUNTRY));

/** Country codes AA, AB, ...: fictitious, two letters as the read model expects. */
const countryCode = (i: number) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26));
const emailOf = (i: number) => `bench.person-${i}@example.org`;

async function seed(pool: Pool): Promise<void> {
  const today = DateTime.now().setZone(ZONE).startOf('day');
  const people = Array.from({ length: PEOPLE }, (_, i) => {
    const country = countryCode(i % COUNTRIES);
    const desk = Math.floor(i / COUNTRIES) < 2;
    return { id: `bench.person-${i}`, email: emailOf(i), country, role: desk ? 'desk-officer' : 'delegation' };
  });
  await pool.query(
    `INSERT INTO api.people (user_id, email, language, time_zone, role, countries)
     SELECT id, email, CASE WHEN n % 2 = 0 THEN 'en' ELSE 'fr' END, $5, role, ARRAY[country]
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS p(id, email, role, country, n)`,
    [
      people.map((p) => p.id),
      people.map((p) => p.email),
      people.map((p) => p.role),
      people.map((p) => p.country),
      ZONE,
    ],
  );
  await pool.query(
    `INSERT INTO api.country_assignments (country, assignment, user_id, assigned_by)
     SELECT country, CASE WHEN role = 'desk-officer' THEN 'DESK_OFFICER' ELSE 'DELEGATION' END, id, 'bench'
       FROM unnest($1::text[], $2::text[], $3::text[]) AS a(id, role, country)`,
    [people.map((p) => p.id), people.map((p) => p.role), people.map((p) => p.country)],
  );
  const now = new Date().toISOString();
  await pool.query(
    `INSERT INTO read_model_g1.cycles (cycle_id, cycle_type, country, title, time_zone, status, version, started_at,
       rounds_scheduled, gsp_stages, updated_at)
     SELECT 'bench-' || c, 'HUMAN_RIGHTS_DIALOGUE', c, 'Bench dialogue', $2, 'ACTIVE', 1, $3, 1, '{}', $3
       FROM unnest($1::text[]) AS c`,
    [Array.from({ length: COUNTRIES }, (_, i) => countryCode(i)), ZONE, now],
  );
  // Deadlines from 10 days overdue to 30 days ahead of the mornings the bench plays.
  const aps = Array.from({ length: ACTION_POINTS }, (_, i) => ({
    cycleId: `bench-${countryCode(i % COUNTRIES)}`,
    id: `AP${i}`,
    deadline: today.plus({ days: (i % 41) - 10 }).toISODate(),
  }));
  await pool.query(
    `INSERT INTO read_model_g1.action_points (cycle_id, action_point_id, original_round_id, round_id, text, owner,
       deadline, priority, themes, conventions, un_references, status, rounds_carried, progress_reports,
       reminders_sent, escalated, proposed_at, version, updated_at)
     SELECT c, a, 'R1', 'R1', 'Bench action point', 'PARTNER', d::date, 'MEDIUM', '{I.C}', '{}', '[]', 'AGREED',
            0, 0, 0, false, $4, 1, $4
       FROM unnest($1::text[], $2::text[], $3::text[]) AS ap(c, a, d)`,
    [aps.map((a) => a.cycleId), aps.map((a) => a.id), aps.map((a) => a.deadline), now],
  );
}

function startNotifier(stack: StackFile, taskQueue: string, bundlePath: string): Promise<ChildProcess> {
  return startBuiltApp(
    'notifier',
    stack,
    {
      NOTIFIER_TASK_QUEUE: taskQueue,
      NOTIFIER_ZONE_SYNC_MS: '3600000',
      NOTIFIER_GROUP_ID: `bench-notifier-${taskQueue}`,
      NOTIFIER_MIGRATIONS_DIR: join(repoRoot, 'apps', 'notifier', 'migrations'),
      WORKFLOW_BUNDLE_PATH: bundlePath,
      WEB_PUBLIC_URL: 'http://127.0.0.1:33000',
      NOTIFIER_UNSUBSCRIBE_KEY: randomBytes(32).toString('base64'),
    },
    'notifier consuming',
  );
}

async function mailpitTotal(mailpit: MailpitClient): Promise<{ total: number; bytes: number; to: string[] }> {
  const response = await fetch(`${mailpit.baseUrl}/api/v1/messages?limit=${PEOPLE + 50}`);
  const body = (await response.json()) as {
    total: number;
    messages: Array<{ Size: number; To: Array<{ Address: string }> }>;
  };
  return {
    total: body.total,
    bytes: body.messages.reduce((sum, m) => sum + m.Size, 0),
    to: body.messages.flatMap((m) => m.To.map((t) => t.Address)),
  };
}

async function untilMailpitHolds(mailpit: MailpitClient, count: number): Promise<void> {
  await pollUntil(async () => ((await mailpitTotal(mailpit)).total >= count ? true : undefined), 600_000, 100);
}

async function main(): Promise<void> {
  rmSync(join(suiviHome(), 'bench', 'data'), { recursive: true, force: true });
  log(
    `starting Temporal, Kafka, PostgreSQL and Mailpit (bench profile); ${PEOPLE} people, ${ACTION_POINTS} action points`,
  );
  const servers = launch('servers', 'bench');
  let notifier: ChildProcess | undefined;
  let pool: Pool | undefined;
  try {
    await waitForReady(servers, 600_000);
    const stack = readStackFile('bench');
    for (const [app, table] of [
      ['api', 'api_pgmigrations'],
      ['projector', 'pgmigrations'],
    ]) {
      await migrateUp({
        databaseUrl: stack.env.DATABASE_URL,
        dir: join(repoRoot, 'apps', app, 'migrations'),
        migrationsTable: table,
      });
    }
    pool = createPool(stack.env.DATABASE_URL);
    const bundlePath = join(suiviHome(), 'bench', 'workflow-bundle.js');
    writeFileSync(bundlePath, (await bundleSuiviWorkflows()).code);
    const taskQueue = `bench-notify-${randomUUID().slice(0, 8)}`;
    // The people come after the notifier's first zone sync (and the next is an hour away): no
    // schedule runs today's digests behind the bench's back; the bench plays its own mornings.
    notifier = await startNotifier(stack, taskQueue, bundlePath);
    await seed(pool);
    const client = await connectTemporalClient({
      address: stack.env.TEMPORAL_ADDRESS,
      namespace: stack.env.TEMPORAL_NAMESPACE,
      codecKeys: stack.env.TEMPORAL_CODEC_KEYS,
    });
    const mailpit = new MailpitClient(stack.env.MAILPIT_API_URL);
    const transport = createTransport({ host: stack.env.SMTP_HOST, port: Number(stack.env.SMTP_PORT), secure: false });

    const digestMs: number[] = [];
    const baselineMs: number[] = [];
    const ratios: number[] = [];
    let perPersonMin = Number.POSITIVE_INFINITY;
    let perPersonMax = 0;
    let averageBytes = 0;
    for (let r = 0; r < ROUNDS; r++) {
      // Each round plays another morning: a day's digest goes once, so the next round needs the next day.
      const morning = DateTime.now()
        .setZone(ZONE)
        .plus({ days: r + 1 })
        .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
      await mailpit.deleteAll();
      const input: DailyDigestInput = { timeZone: ZONE, asOf: morning.toUTC().toISO() ?? undefined };
      const started = performance.now();
      const result = (await client.workflow.execute('dailyDigestWorkflow', {
        taskQueue,
        workflowId: `bench-digest-${r}-${taskQueue}`,
        args: [input],
      })) as DailyDigestResult;
      await untilMailpitHolds(mailpit, PEOPLE);
      digestMs.push(performance.now() - started);
      const held = await mailpitTotal(mailpit);
      const perPerson = new Map<string, number>();
      for (const to of held.to) perPerson.set(to, (perPerson.get(to) ?? 0) + 1);
      const counts = Array.from({ length: PEOPLE }, (_, i) => perPerson.get(emailOf(i)) ?? 0);
      perPersonMin = Math.min(perPersonMin, ...counts);
      perPersonMax = Math.max(perPersonMax, ...counts);
      averageBytes = Math.round(held.bytes / Math.max(1, held.total));
      log(
        `round ${r + 1}: ${result.sent} digests sent in ${round(digestMs[r] / 1000, 2)} s (${held.total} in Mailpit, ~${averageBytes} bytes each)`,
      );

      // The bare loop: as many messages of the same size, one after the other, to the same Mailpit.
      await mailpit.deleteAll();
      const body = `<p>${'x'.repeat(Math.max(0, averageBytes - 600))}</p>`;
      const baselineStarted = performance.now();
      for (let i = 0; i < PEOPLE; i++) {
        await transport.sendMail({
          from: 'bench@example.org',
          to: emailOf(i),
          subject: `Bench ${r}-${i}`,
          html: body,
          text: 'bench',
        });
      }
      await untilMailpitHolds(mailpit, PEOPLE);
      baselineMs.push(performance.now() - baselineStarted);
      ratios.push(digestMs[r] / baselineMs[r]);
      log(`round ${r + 1}: bare nodemailer loop ${round(baselineMs[r] / 1000, 2)} s; ratio ${round(ratios[r], 2)}`);
    }
    await client.connection.close();
    transport.close();
    printFigures('notify', {
      people: PEOPLE,
      actionPoints: ACTION_POINTS,
      rounds: ROUNDS,
      digestMsP50: round(percentile(digestMs, 50)),
      baselineMsP50: round(percentile(baselineMs, 50)),
      ratioP50: round(percentile(ratios, 50), 2),
      ratioMax: round(Math.max(...ratios), 2),
      ratios: ratios.map((x) => round(x, 2)).join(' '),
      averageMessageBytes: averageBytes,
      digestsPerPersonMin: perPersonMin,
      digestsPerPersonMax: perPersonMax,
    });
  } finally {
    await pool?.end();
    await stopBuiltApp(notifier);
    await stopLaunched(servers);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:notify failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
