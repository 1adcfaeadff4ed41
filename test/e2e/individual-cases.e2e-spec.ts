import { randomUUID } from 'node:crypto';
import { issueDevTokenForProfile } from '@suivi/dev-issuer';
import {
  launch,
  MailpitClient,
  pollUntil,
  readStackFile,
  stopLaunched,
  waitForReady,
  type LaunchedStack,
  type StackFile,
} from '@suivi/test-support';
import { call as callApi, dateIn, token, type Role } from './support/api-client';
import {
  temporalHistoriesText,
  kafkaText,
  databaseDumps,
  allDumps,
  copyRows,
  keysLeft,
  openBackup,
  masterKeysOf,
  codecKeysOf,
  logsText,
} from './support/canary-sinks';

/**
 * Individuals at risk (issue 7), on the whole stack: a person's name and details planted
 * through the API as canaries must appear in clear nowhere — Temporal histories, any Kafka
 * topic, the databases, the logs — while an authorised reader still gets them back; after
 * erasure they are unreadable through every path.
 */
const today = () => new Date().toISOString().slice(0, 10);
const inDays = dateIn;
/** The support's call, with the token and body as arguments. */
const call = <T = Record<string, unknown>>(method: string, path: string, token: string, body?: unknown) =>
  callApi<T>(method, path, { token, body });

describe('individuals at risk (e2e profile)', () => {
  let launched: LaunchedStack | undefined;
  let stack: StackFile;
  const canaryName = `Canarius Vigil ${randomUUID().slice(0, 8)}`;
  const canaryDetail = `held-incommunicado-${randomUUID().slice(0, 8)}`;
  // A second case, on another action point, that stays: its key is among those left after the erasure.
  const otherName = `Altera Testis ${randomUUID().slice(0, 8)}`;
  let otherRef = '';
  const tokens: Record<string, string> = {};
  let cycleId = '';
  let caseRef = '';

  beforeAll(async () => {
    launched = launch('start', 'e2e');
    await waitForReady(launched, 540_000);
    stack = readStackFile('e2e');
    const people: Array<[string, string, Role, string[]]> = [
      ['desk', 'desk.kh', 'desk-officer', ['KH']],
      ['deskOther', 'desk.kh.2', 'desk-officer', ['KH']],
      ['deskVN', 'desk.vn', 'desk-officer', ['VN']],
      ['delegation', 'delegation.kh', 'delegation', ['KH']],
      ['reviewer', 'reviewer.hq', 'reviewer', []],
      ['auditor', 'auditor.hq', 'auditor', []],
    ];
    for (const [name, userId, role, countries] of people) tokens[name] = await token(userId, role, countries);

    const started = await call<{ cycleId: string }>('POST', '/v1/cycles', tokens['desk'], {
      type: 'HUMAN_RIGHTS_DIALOGUE',
      country: 'KH',
      title: 'Individual cases (e2e)',
      timeZone: 'Asia/Phnom_Penh',
    });
    expect(started.status).toBe(201);
    cycleId = started.body.cycleId;
    for (const [path, body] of [
      [`/v1/cycles/${cycleId}/rounds`, { roundId: 'R1', date: today() }],
      [
        `/v1/cycles/${cycleId}/action-points`,
        {
          actionPointId: 'AP1',
          roundId: 'R1',
          text: 'Provide information on the whereabouts of a detained human-rights defender.',
          owner: 'PARTNER',
          deadline: inDays(30),
          priority: 'HIGH',
          themes: ['I.C'],
        },
      ],
      [`/v1/cycles/${cycleId}/action-points/AP1/agree`, {}],
      [
        `/v1/cycles/${cycleId}/action-points`,
        {
          actionPointId: 'AP2',
          roundId: 'R1',
          text: 'Allow a lawyer to visit a detained journalist.',
          owner: 'PARTNER',
          deadline: inDays(60),
          priority: 'HIGH',
          themes: ['I.C'],
        },
      ],
    ] as const) {
      expect((await call('POST', path, tokens['desk'], body)).status).toBe(200);
    }
  }, 600_000);

  afterAll(async () => {
    if (launched) await stopLaunched(launched);
  });

  it('stores a case planted through the API and gives it back to its authorised reader, with one audit entry per read', async () => {
    const created = await call<{ caseRef: string }>(
      'POST',
      `/v1/cycles/${cycleId}/action-points/AP1/individual-case`,
      tokens['desk'],
      {
        name: canaryName,
        details: { situation: canaryDetail, location: 'Phnom Penh', contacts: 'via the Delegation' },
      },
    );
    expect(created.status).toBe(201);
    caseRef = created.body.caseRef;
    expect(caseRef).toMatch(/^case-[0-9a-f-]{36}$/);
    const other = await call<{ caseRef: string }>(
      'POST',
      `/v1/cycles/${cycleId}/action-points/AP2/individual-case`,
      tokens['desk'],
      { name: otherName, details: { situation: 'Detained since March' } },
    );
    expect(other.status).toBe(201);
    otherRef = other.body.caseRef;

    const read = await call<{ name: string; details: { situation: string } }>(
      'GET',
      `/v1/individual-cases/${caseRef}?reveal=details&reason=${encodeURIComponent('Preparing the next dialogue round')}`,
      tokens['desk'],
    );
    expect(read.status).toBe(200);
    expect(read.body.name).toBe(canaryName);
    expect(read.body.details.situation).toBe(canaryDetail);

    // Redacted by default: no reason, no reveal, no name.
    const redacted = await call('GET', `/v1/individual-cases/${caseRef}`, tokens['desk']);
    expect(redacted.status).toBe(200);
    expect(redacted.text).not.toContain(canaryName);

    const audit = await call<{ reads: Array<{ userId: string; reason: string }> }>(
      'GET',
      `/v1/individual-cases/${caseRef}/audit`,
      tokens['auditor'],
    );
    expect(audit.status).toBe(200);
    const entries = audit.body.reads;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ userId: 'desk.kh', reason: 'Preparing the next dialogue round' });

    // The action point shows the opaque reference only, once projected.
    const cycle = await pollUntil(async () => {
      const r = await call<{ actionPoints: Array<{ individualCase: { caseRef: string } | null }> }>(
        'GET',
        `/v1/cycles/${cycleId}`,
        tokens['reviewer'],
      );
      return r.status === 200 && r.body.actionPoints[0]?.individualCase?.caseRef === caseRef ? r : undefined;
    }, 60_000);
    expect(cycle.text).not.toContain(canaryName);
  });

  it('refuses case reads outside role, country or grant, each refusal leaving no audit entry', async () => {
    const reason = `reason=${encodeURIComponent('Checking the file for the annual report')}`;
    const path = `/v1/individual-cases/${caseRef}?reveal=name&${reason}`;
    const matrix: Array<[string, number]> = [
      ['deskOther', 403], // same country, no grant
      ['deskVN', 403], // other country
      ['delegation', 403], // no grant
      ['reviewer', 403], // may see every country, but no grant yet
      ['auditor', 403], // reads the audit, not the cases
    ];
    const seen = [];
    for (const [who] of matrix) seen.push([who, (await call('GET', path, tokens[who])).status]);
    expect(seen).toEqual(matrix);

    // Grants: desk officers of the country and reviewers give them; nobody else.
    const grantReason = 'Follows the trial for the annual report';
    const grant = (who: string, userId: string) =>
      call('POST', `/v1/individual-cases/${caseRef}/grants`, tokens[who], { userId, reason: grantReason });
    const grantRefusals: Array<[string, number]> = [
      ['deskVN', 403],
      ['delegation', 403],
      ['auditor', 403],
    ];
    const granted = [];
    for (const [who] of grantRefusals) granted.push([who, (await grant(who, 'delegation.kh')).status]);
    expect(granted).toEqual(grantRefusals);
    expect((await call('GET', path, tokens['delegation'])).status).toBe(403);

    // A grant by the desk officer lets the reviewer see the name, on explicit request, audited.
    // Nobody widens their own need to know: the reviewer cannot grant themself, nor revoke alone
    // the grant of the desk officer who attached the case.
    const selfGrant = await grant('reviewer', 'reviewer.hq');
    expect(selfGrant.status).toBe(403);
    expect(selfGrant.body).toMatchObject({ code: 'SELF_GRANT' });
    expect((await call('GET', path, tokens['reviewer'])).status).toBe(403);
    const revokeReason = `reason=${encodeURIComponent('Reorganisation of the desk')}`;
    const alone = await call(
      'DELETE',
      `/v1/individual-cases/${caseRef}/grants/desk.kh?${revokeReason}`,
      tokens['reviewer'],
    );
    expect(alone.status).toBe(202);
    expect(alone.body).toMatchObject({ status: 'REVOCATION_PENDING', requestedBy: 'reviewer.hq' });
    expect((await call('GET', path, tokens['desk'])).status).toBe(200); // the attacher keeps access
    expect((await grant('desk', 'reviewer.hq')).status).toBeLessThan(300);
    const named = await call<{ name: string }>('GET', path, tokens['reviewer']);
    expect(named.status).toBe(200);
    expect(named.body.name).toBe(canaryName);
    const audit = await call<{ reads: Array<{ userId: string }> }>(
      'GET',
      `/v1/individual-cases/${caseRef}/audit`,
      tokens['auditor'],
    );
    const entries = audit.body.reads;
    expect(entries.map((e) => e.userId)).toEqual(['desk.kh', 'desk.kh', 'reviewer.hq']);

    // Revoked, the grant no longer opens the case; the refusal is not a read.
    expect(
      (await call('DELETE', `/v1/individual-cases/${caseRef}/grants/reviewer.hq?${revokeReason}`, tokens['desk']))
        .status,
    ).toBe(204);
    expect((await call('GET', path, tokens['reviewer'])).status).toBe(403);
    const afterRevoke = await call<{
      reads: unknown[];
      grantChanges: Array<{ action: string; userId: string; by: string; reason: string }>;
    }>('GET', `/v1/individual-cases/${caseRef}/audit`, tokens['auditor']);
    expect(afterRevoke.body.reads).toHaveLength(3);
    // Every grant and revocation (and the pending request) is in the audit auditors read, with its reason.
    expect(afterRevoke.body.grantChanges.map((c) => [c.action, c.userId, c.by, c.reason])).toEqual([
      ['GRANTED', 'desk.kh', 'desk.kh', 'Attached the case to the action point'],
      ['REVOCATION_REQUESTED', 'desk.kh', 'reviewer.hq', 'Reorganisation of the desk'],
      ['GRANTED', 'reviewer.hq', 'desk.kh', grantReason],
      ['REVOKED', 'reviewer.hq', 'desk.kh', 'Reorganisation of the desk'],
    ]);
  });

  it('keeps the canaries out of every e-mail: progress on the case’s action point reaches the desk officer without them', async () => {
    // A desk officer with an address (a demo user's claims carry one), assigned to the country.
    const deskWithMail = await issueDevTokenForProfile('e2e', {
      userId: 'demo.desk-officer-kh',
      role: 'desk-officer',
      countries: ['KH'],
    });
    const me = await call<{ email: string }>('GET', '/v1/me', deskWithMail);
    expect(me.status).toBe(200);
    const assigned = await call(
      'PUT',
      '/v1/countries/KH/assignments/DESK_OFFICER/demo.desk-officer-kh',
      tokens['reviewer'],
    );
    expect([200, 201]).toContain(assigned.status);
    const reported = await call(
      'POST',
      `/v1/cycles/${cycleId}/action-points/AP1/progress-reports`,
      tokens['delegation'],
      {
        text: 'Meeting held with the authorities on the case.',
        reportedOn: today(),
      },
    );
    expect(reported.status).toBe(200);

    const mailpit = new MailpitClient(stack.env.MAILPIT_API_URL);
    // The notice of this progress report, which names the action point in its subject. Not the
    // daily digest, which the assignment may send first and which also lists AP1 under the cycle.
    const aboutTheCase = await pollUntil(async () => {
      for (const summary of await mailpit.search(`to:"${me.body.email}"`)) {
        const message = await mailpit.getMessage(summary.ID);
        if (message.Subject.includes('AP1') && message.HTML.includes(cycleId)) return message;
      }
      return undefined;
    }, 90_000);
    expect(aboutTheCase.To.map((to) => to.Address)).toEqual([me.body.email]);
    // Every message the stack sent so far, whole: subject, text and HTML.
    const everything: string[] = [];
    for (const summary of await mailpit.listMessages(500)) {
      const message = await mailpit.getMessage(summary.ID);
      everything.push(message.Subject, message.Text, message.HTML);
    }
    const mail = everything.join('\n');
    for (const canary of [canaryName, canaryDetail, otherName]) expect(mail.includes(canary)).toBe(false);
  }, 120_000);

  it('lets the canaries appear in clear nowhere: Temporal histories, Kafka topics, the databases, the logs', async () => {
    // Let every event reach Kafka and the read model first.
    await new Promise((r) => setTimeout(r, 5000));
    const temporal = await temporalHistoriesText(stack);
    const kafka = await kafkaText(stack);
    const dump = allDumps(await databaseDumps(stack));
    const logs = logsText();
    for (const canary of [canaryName, canaryDetail, otherName]) {
      expect([
        temporal.raw.includes(canary),
        temporal.decoded.includes(canary),
        kafka.includes(canary),
        dump.includes(canary),
        logs.includes(canary),
      ]).toEqual([false, false, false, false, false]);
    }
    // The searches do see what they should: the case reference travels, the name does not.
    expect(temporal.decoded).toContain(caseRef);
    expect(kafka).toContain(caseRef);
    expect(dump).toContain(caseRef);
  });

  it('erases a case for good: unreadable through every path, the action point keeps its reference and says when and by whom', async () => {
    const mainDb = new URL(stack.env.DATABASE_URL).pathname.slice(1);
    const keyStoreDb = `${mainDb}_keystore`;
    // Backups taken before the erasure, of both databases.
    const before = await databaseDumps(stack);
    expect(Object.keys(before)).toEqual(expect.arrayContaining([mainDb, keyStoreDb]));
    const masterKeys = masterKeysOf('e2e');
    const codecKeys = codecKeysOf(stack);
    // The check below can fail: with the key store as it was, the backup does open.
    expect(openBackup(before[mainDb], caseRef, keysLeft(before[keyStoreDb], masterKeys, codecKeys))).toEqual([
      expect.stringContaining(canaryName),
    ]);

    const erased = await call(
      'DELETE',
      `/v1/individual-cases/${caseRef}?reason=${encodeURIComponent('The person asked for erasure')}`,
      tokens['desk'],
    );
    expect(erased.status).toBe(204);
    const reason = `reason=${encodeURIComponent('Checking after erasure')}`;
    expect((await call('GET', `/v1/individual-cases/${caseRef}?reveal=details&${reason}`, tokens['desk'])).status).toBe(
      410,
    );
    expect(
      (await call('GET', `/v1/individual-cases/${caseRef}?reveal=name&${reason}`, tokens['reviewer'])).status,
    ).toBe(403); // its grant was revoked: refused before anything is looked up
    const redacted = await call<{ erased: boolean }>('GET', `/v1/individual-cases/${caseRef}`, tokens['desk']);
    expect(redacted.body).toMatchObject({ erased: true });
    // The other case is untouched.
    const other = await call<{ name: string }>(
      'GET',
      `/v1/individual-cases/${otherRef}?reveal=name&${reason}`,
      tokens['desk'],
    );
    expect(other.body.name).toBe(otherName);

    const cycle = await pollUntil(async () => {
      const r = await call<{
        actionPoints: Array<{
          actionPointId: string;
          individualCase: {
            caseRef: string;
            erased: boolean;
            erasedAt: string | null;
            erasedBy: { code: string };
          } | null;
        }>;
      }>('GET', `/v1/cycles/${cycleId}`, tokens['reviewer']);
      return r.body.actionPoints?.find((ap) => ap.actionPointId === 'AP1')?.individualCase?.erased ? r.body : undefined;
    }, 60_000);
    expect(cycle.actionPoints.find((ap) => ap.actionPointId === 'AP1')?.individualCase).toMatchObject({
      caseRef,
      erased: true,
      erasedAt: expect.any(String),
      erasedBy: { code: 'DESK_OFFICER' },
    });

    const kafka = await pollUntil(async () => {
      const text = await kafkaText(stack);
      return text.includes('individual-case.erased') ? text : undefined;
    }, 60_000);
    expect(kafka).toMatch(new RegExp(`individual-case\\.erased[^\\n]*${caseRef}`));

    const after = await databaseDumps(stack);
    // The main database keeps the reference, no ciphertext; the key store no longer has the key.
    expect(copyRows(after[mainDb], 'cases.individual_cases').find((r) => r['case_ref'] === caseRef)).toMatchObject({
      ciphertext: '\\N',
    });
    const keysKept = copyRows(after[keyStoreDb], 'public.case_keys').map((r) => r['case_ref']);
    expect(keysKept).toContain(otherRef);
    expect(keysKept).not.toContain(caseRef);
    // The ciphertext in the earlier backup opens with none of the keys left: master keys, codec
    // keys, every remaining case key; with or without the case's associated data.
    const left = keysLeft(after[keyStoreDb], masterKeys, codecKeys);
    expect(left.length).toBeGreaterThanOrEqual(masterKeys.size + codecKeys.length + 1);
    expect(openBackup(before[mainDb], caseRef, left)).toEqual([]);
    expect(allDumps(after)).not.toContain(canaryName);
  });
});
