import { randomBytes } from 'node:crypto';
import { parseIntegrationMessage, toIntegrationKafkaMessage } from '@suivi/contracts';
import type { CycleEvent } from '@suivi/domain';
import { createLogger } from '@suivi/logging';
import { handleIntegrationMessage } from './handle-event';
import { sendOwedEmails } from './mailer';
import { InMemoryNotifierStore } from './testing/in-memory-store';

const cycleId = 'KH-2026';
const occurredAt = '2026-05-31T02:00:00.000Z';
const envelope = (sequence: number) => ({
  cycleId,
  sequence,
  occurredAt,
  actor: { userId: 'system', role: 'SYSTEM' },
  commandId: `c${sequence}`,
});
const domainEvent = (type: string, sequence: number, data: object) =>
  ({ type, ...envelope(sequence), data }) as unknown as CycleEvent;

// Free text the domain events carry: none of it may reach a row or a message.
const TITLE = 'A title that names nobody';
const REPORT = 'Report naming Amina Canary-Okafor';
const EVIDENCE = 'https://evidence.example.org/canary-okafor';
const COMMENT = 'Assessed after meeting Amina Canary-Okafor';
const FREE_TEXT = [TITLE, REPORT, EVIDENCE, COMMENT, 'Canary', 'evidence.example.org'];

const started = domainEvent('CycleStarted', 1, {
  cycleType: 'GSP_PLUS_MONITORING',
  country: 'KH',
  title: TITLE,
  timeZone: 'Asia/Phnom_Penh',
  reminderPolicy: { beforeDeadline: [], onDeadline: null, escalations: [], localTime: '09:00' },
});
const reminderSent = (
  sequence: number,
  recipientRole: string,
  subject: object = { kind: 'ACTION_POINT', actionPointId: 'AP1' },
) =>
  domainEvent('ReminderSent', sequence, {
    reminderKey: `ap:AP1|2026-06-30|ESCALATION|P${sequence}D`,
    subject,
    kind: 'ESCALATION',
    offset: 'P7D',
    recipientRole,
    deadline: '2026-06-30',
    dueAt: '2026-07-07T02:00:00.000Z',
  });
const milestones = {
  initiatedOn: '2026-05-31',
  monitoringEndsOn: '2026-11-30',
  commissionReportDueOn: '2027-02-28',
  decisionDueOn: '2027-05-31',
  withdrawalTakesEffectOn: '2027-11-30',
};
const progressReported = domainEvent('ProgressReported', 11, {
  actionPointId: 'AP1',
  reportId: 'PR-7',
  text: REPORT,
  evidenceLinks: [EVIDENCE, 'https://evidence.example.org/2'],
  reportedOn: '2026-05-30',
});
const assessed = domainEvent('ActionPointAssessed', 12, {
  actionPointId: 'AP1',
  assessment: 'PARTIALLY_COMPLETED',
  comment: COMMENT,
});
const roundClosed = (sequence: number, carriedOver: string[]) =>
  domainEvent('RoundClosed', sequence, { roundId: 'R1', carriedOver, nextRoundId: 'R2' });
const carriedOver = domainEvent('ActionPointCarriedOver', 13, {
  actionPointId: 'AP2',
  fromRoundId: 'R1',
  toRoundId: 'R2',
  roundsCarried: 1,
});
const withdrawalInitiated = domainEvent('WithdrawalInitiated', 15, { milestones });
const withdrawalDecided = domainEvent('WithdrawalDecisionRecorded', 16, {
  decidedOn: '2027-05-20',
  withdrawn: true,
  milestones: { ...milestones, withdrawalTakesEffectOn: '2027-11-20' },
});
const message = (event: CycleEvent) => parseIntegrationMessage(toIntegrationKafkaMessage(event).value);

describe('what an integration event means for people', () => {
  let store: InMemoryNotifierStore;
  beforeEach(() => {
    store = new InMemoryNotifierStore();
    store.people = [
      { userId: 'desk.kh', role: 'desk-officer', countries: ['KH'] },
      { userId: 'deleg.kh', role: 'delegation', countries: ['KH'] },
      { userId: 'reviewer.a', role: 'reviewer', countries: [] },
      { userId: 'reviewer.b', role: 'reviewer', countries: [] },
    ];
    store.assignments = [
      { country: 'KH', assignment: 'DESK_OFFICER', userId: 'desk.kh' },
      { country: 'KH', assignment: 'DELEGATION', userId: 'deleg.kh' },
      { country: 'KH', assignment: 'REVIEWER', userId: 'reviewer.a' },
    ];
  });
  const handle = (event: CycleEvent) => handleIntegrationMessage(message(event), store);
  const withoutAssignments = (...assignments: string[]) =>
    (store.assignments = store.assignments.filter((a) => !assignments.includes(a.assignment)));

  it('parks a notice read before its cycle’s start, and handles it, once, when the start is read', async () => {
    expect(await handle(reminderSent(5, 'DELEGATION'))).toEqual({ kind: 'parked', cycleId });
    expect(await handle(progressReported)).toEqual({ kind: 'parked', cycleId });
    expect(await handle(reminderSent(5, 'DELEGATION'))).toEqual({ kind: 'parked', cycleId }); // redelivered
    expect(store.rows.size).toBe(0);
    expect(store.parked.size).toBe(2);

    expect(await handle(started)).toEqual({ kind: 'cycle-remembered', unparked: 2 });
    expect([...store.rows.values()].map((r) => `${r.kind}:${r.userId}`).sort()).toEqual([
      'ESCALATION:deleg.kh',
      'PROGRESS_REPORTED:desk.kh',
    ]);
    expect(store.parked.size).toBe(0);
    expect(await handle(started)).toEqual({ kind: 'cycle-remembered', unparked: 0 });
    expect(store.rows.size).toBe(2);
  });

  it('handles a notice it has just parked if the cycle’s start was read meanwhile (another notifier)', async () => {
    const park = store.park.bind(store);
    // The start is remembered by someone else between this notifier's look and its parking.
    store.park = async (id, message) => {
      await park(id, message);
      await store.rememberCycle({ cycleId, cycleType: 'GSP_PLUS_MONITORING', country: 'KH', timeZone: 'UTC' });
    };
    expect(await handle(reminderSent(5, 'DELEGATION'))).toMatchObject({ kind: 'notified', added: 1 });
    expect(store.parked.size).toBe(0);
  });

  it('puts a reminder in the inbox of the person assigned to its role for the country, once', async () => {
    await handle(started);
    const first = await handle(reminderSent(5, 'DELEGATION'));
    const again = await handle(reminderSent(5, 'DELEGATION'));
    expect(first).toEqual({ kind: 'notified', notice: 'ESCALATION', recipients: 1, added: 1, unassigned: false });
    expect(again).toEqual({ kind: 'notified', notice: 'ESCALATION', recipients: 1, added: 0, unassigned: false });
    expect([...store.rows.values()]).toEqual([
      expect.objectContaining({
        notificationId: `${cycleId}:5:deleg.kh`,
        userId: 'deleg.kh',
        kind: 'ESCALATION',
        country: 'KH',
        actionPointId: 'AP1',
        recipientRole: 'DELEGATION',
        unassigned: false,
        deadline: '2026-06-30',
        dueAt: '2026-07-07T02:00:00.000Z',
        data: { reminderKey: 'ap:AP1|2026-06-30|ESCALATION|P5D', offset: 'P7D' },
      }),
    ]);
  });

  it('gives a reminder nobody holds the role for to the reviewers, marked unassigned', async () => {
    withoutAssignments('DESK_OFFICER', 'REVIEWER');
    await handle(started);
    const handled = await handle(reminderSent(6, 'DESK_OFFICER', { kind: 'GSP_REPLIES' }));
    expect(handled).toEqual({ kind: 'notified', notice: 'ESCALATION', recipients: 2, added: 2, unassigned: true });
    expect([...store.rows.values()].map((r) => [r.userId, r.unassigned, r.actionPointId])).toEqual([
      ['reviewer.a', true, null],
      ['reviewer.b', true, null],
    ]);
  });

  const notices: Array<[string, CycleEvent, Array<[string, string]>, object]> = [
    [
      'progress reported: the desk officer',
      progressReported,
      [['desk.kh', 'DESK_OFFICER']],
      {
        kind: 'PROGRESS_REPORTED',
        actionPointId: 'AP1',
        data: { reportId: 'PR-7', reportedOn: '2026-05-30', evidenceCount: 2 },
      },
    ],
    [
      'an assessment: the delegation',
      assessed,
      [['deleg.kh', 'DELEGATION']],
      { kind: 'ASSESSMENT_RECORDED', actionPointId: 'AP1', data: { assessment: 'PARTIALLY_COMPLETED' } },
    ],
    [
      'a round closed with items carried over: the delegation',
      roundClosed(14, ['AP1', 'AP2']),
      [['deleg.kh', 'DELEGATION']],
      {
        kind: 'ROUND_CLOSED',
        actionPointId: null,
        data: { roundId: 'R1', nextRoundId: 'R2', carriedOverActionPointIds: ['AP1', 'AP2'] },
      },
    ],
    [
      'a withdrawal initiated: the desk officer and the reviewers covering the country',
      withdrawalInitiated,
      [
        ['desk.kh', 'DESK_OFFICER'],
        ['reviewer.a', 'REVIEWER'],
      ],
      { kind: 'WITHDRAWAL_INITIATED', actionPointId: null, data: { milestones } },
    ],
    [
      'a withdrawal decided: the desk officer and the reviewers covering the country',
      withdrawalDecided,
      [
        ['desk.kh', 'DESK_OFFICER'],
        ['reviewer.a', 'REVIEWER'],
      ],
      {
        kind: 'WITHDRAWAL_DECIDED',
        actionPointId: null,
        data: {
          decidedOn: '2027-05-20',
          withdrawn: true,
          milestones: { ...milestones, withdrawalTakesEffectOn: '2027-11-20' },
        },
      },
    ],
  ];

  it.each(notices)('%s, once whatever the redeliveries', async (_, event, recipients, expected) => {
    await handle(started);
    const first = await handle(event);
    const again = [await handle(event), await handle(event)];
    const kind = (expected as { kind: string }).kind;
    expect(first).toEqual({
      kind: 'notified',
      notice: kind,
      recipients: recipients.length,
      added: recipients.length,
      unassigned: false,
    });
    expect(again.map((h) => h.kind === 'notified' && h.added)).toEqual([0, 0]);
    const sourceEventId = `${cycleId}:${event.sequence}`;
    expect([...store.rows.values()]).toEqual(
      recipients.map(([userId, recipientRole]) => ({
        notificationId: `${sourceEventId}:${userId}`,
        userId,
        cycleId,
        country: 'KH',
        sourceEventId,
        recipientRole,
        unassigned: false,
        // An event notice has no deadline of its own; it was due when the event happened.
        deadline: null,
        dueAt: occurredAt,
        emailed: false,
        ...expected,
      })),
    );
  });

  it('tells nobody of a round that carried nothing over, nor of each carried-over item on its own', async () => {
    await handle(started);
    expect(await handle(roundClosed(14, []))).toEqual({ kind: 'ignored' });
    expect(await handle(carriedOver)).toEqual({ kind: 'ignored' });
    expect(store.rows.size).toBe(0);
  });

  it('ignores the events that are for nobody without waiting for their cycle', async () => {
    const held = domainEvent('RoundHeld', 3, { roundId: 'R1', heldOn: '2026-05-30' });
    expect(await handle(held)).toEqual({ kind: 'ignored' });
    expect(await handle(roundClosed(14, []))).toEqual({ kind: 'ignored' });
  });

  it('gives progress to the country’s reviewers, marked unassigned, when it has no desk officer', async () => {
    withoutAssignments('DESK_OFFICER');
    await handle(started);
    expect(await handle(progressReported)).toMatchObject({ recipients: 1, added: 1, unassigned: true });
    expect([...store.rows.values()].map((r) => [r.userId, r.recipientRole, r.unassigned])).toEqual([
      ['reviewer.a', 'DESK_OFFICER', true],
    ]);
  });

  it('gives a withdrawal each reviewer once when nobody covers the country, marked unassigned', async () => {
    withoutAssignments('DESK_OFFICER', 'REVIEWER');
    await handle(started);
    expect(await handle(withdrawalInitiated)).toMatchObject({ recipients: 2, added: 2, unassigned: true });
    // Standing in for the missing desk officer, and told so; one row each all the same.
    expect([...store.rows.values()].map((r) => [r.userId, r.recipientRole, r.unassigned])).toEqual([
      ['reviewer.a', 'DESK_OFFICER', true],
      ['reviewer.b', 'DESK_OFFICER', true],
    ]);
  });

  it('gives a withdrawal the desk officer, and every reviewer when none covers the country', async () => {
    withoutAssignments('REVIEWER');
    await handle(started);
    await handle(withdrawalDecided);
    expect([...store.rows.values()].map((r) => [r.userId, r.recipientRole, r.unassigned])).toEqual([
      ['desk.kh', 'DESK_OFFICER', false],
      ['reviewer.a', 'REVIEWER', true],
      ['reviewer.b', 'REVIEWER', true],
    ]);
  });

  it('keeps no free text of the events: no title, no report, no evidence link, no comment', async () => {
    for (const event of [started, progressReported, assessed, roundClosed(14, ['AP1']), withdrawalDecided])
      await handle(event);
    expect(store.rows.size).toBeGreaterThan(0);
    const kept = JSON.stringify([...store.cycles.values(), ...store.rows.values()]);
    for (const text of FREE_TEXT) expect(kept).not.toContain(text);
  });
});

describe('from event to e-mail', () => {
  const compose = {
    webBaseUrl: 'https://suivi.example.org',
    unsubscribeBaseUrl: 'https://suivi.example.org/v1/me/unsubscribe',
    unsubscribeKey: randomBytes(32),
    messageIdDomain: 'suivi.example.org',
  };

  it('e-mails each notice in words of its own kind, with ids, codes and dates and no free text', async () => {
    const store = new InMemoryNotifierStore();
    store.people = [
      { userId: 'desk.kh', role: 'desk-officer', countries: ['KH'], email: 'desk@example.org', delivery: 'immediate' },
      { userId: 'deleg.kh', role: 'delegation', countries: ['KH'], email: 'deleg@example.org', language: 'fr' },
      { userId: 'reviewer.a', role: 'reviewer', countries: [], email: 'reviewer@example.org', delivery: 'digest' },
    ];
    store.assignments = [
      { country: 'KH', assignment: 'DESK_OFFICER', userId: 'desk.kh' },
      { country: 'KH', assignment: 'DELEGATION', userId: 'deleg.kh' },
    ];
    const events = [started, progressReported, assessed, roundClosed(14, ['AP1', 'AP2']), withdrawalInitiated];
    for (const event of [...events, withdrawalDecided]) await handleIntegrationMessage(message(event), store);
    const sent: Array<{ to: string; subject: string; html: string; text: string }> = [];
    const result = await sendOwedEmails({
      store,
      transport: { sendMail: async (m) => void sent.push(m) },
      compose,
      from: 'suivi@example.org',
      logger: createLogger('handle-event-spec', 'silent'),
    });
    expect(result).toEqual({ sent: 7, failed: 0 });
    expect(sent.map((m) => [m.to, m.subject])).toEqual([
      ['desk@example.org', 'Suivi: progress reported on action point AP1 (Cambodia)'],
      ['deleg@example.org', expect.stringMatching(/^Suivi.*AP1.*évalué.*partiellement.*\(Cambodge\)$/)],
      ['deleg@example.org', expect.stringMatching(/^Suivi.*session.*2 points d’action.*\(Cambodge\)$/i)],
      ['desk@example.org', 'Suivi: GSP withdrawal procedure initiated (Cambodia)'],
      ['reviewer@example.org', 'Suivi: GSP withdrawal procedure initiated (Cambodia)'],
      ['desk@example.org', 'Suivi: GSP withdrawal decision, preferences withdrawn (Cambodia)'],
      ['reviewer@example.org', 'Suivi: GSP withdrawal decision, preferences withdrawn (Cambodia)'],
    ]);
    expect(sent[0]?.text).toContain('PR-7');
    for (const id of ['R1', 'R2', 'AP1', 'AP2']) expect(sent[2]?.text).toContain(id);
    for (const part of sent.flatMap((m) => [m.subject, m.html, m.text]))
      for (const text of FREE_TEXT) expect(part).not.toContain(text);
  });
});
