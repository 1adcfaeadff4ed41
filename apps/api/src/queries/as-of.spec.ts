import { defaultReminderPolicy, type Actor, type CycleEvent } from '@suivi/domain';
import { cycleAsOf, localDate } from './as-of';
import { Labeller } from './labels';

const cycleId = 'KH-HRD-2026';
const desk: Actor = { userId: 'desk-kh', role: 'DESK_OFFICER' };
const delegation: Actor = { userId: 'deleg-kh', role: 'DELEGATION' };
const terms = {
  text: 'Release detained defenders',
  owner: 'PARTNER' as const,
  deadline: '2026-06-30',
  priority: 'HIGH' as const,
  themes: ['I.C'],
  conventions: [],
  unReferences: [],
};

let sequence = 0;
const event = <E extends CycleEvent>(type: E['type'], occurredAt: string, data: E['data'], actor = desk): CycleEvent =>
  ({ type, cycleId, sequence: ++sequence, occurredAt, actor, commandId: `cmd-${sequence}`, data }) as CycleEvent;

const events: CycleEvent[] = [
  event('CycleStarted', '2026-01-10T09:00:00.000Z', {
    cycleType: 'HUMAN_RIGHTS_DIALOGUE',
    country: 'KH',
    title: 'EU-Cambodia human rights dialogue',
    timeZone: 'Asia/Phnom_Penh',
    reminderPolicy: defaultReminderPolicy('HUMAN_RIGHTS_DIALOGUE'),
  }),
  event('RoundScheduled', '2026-01-11T09:00:00.000Z', { roundId: 'R1', date: '2026-02-10' }),
  event('ActionPointProposed', '2026-02-10T09:00:00.000Z', { actionPointId: 'AP1', roundId: 'R1', terms }),
  event('ActionPointAgreed', '2026-02-11T09:00:00.000Z', { actionPointId: 'AP1' }),
  event(
    'ProgressReported',
    '2026-05-01T09:00:00.000Z',
    { actionPointId: 'AP1', reportId: 'P1', text: 'Two released', evidenceLinks: [], reportedOn: '2026-04-30' },
    delegation,
  ),
  event('ActionPointAssessed', '2026-08-01T09:00:00.000Z', { actionPointId: 'AP1', assessment: 'COMPLETED' }),
];

/** The timeline rows the read model holds for `events` (the query returns those up to the instant). */
const upTo = (instant: string) =>
  events
    .filter((e) => e.occurredAt <= instant)
    .map((e) => ({
      sequence: e.sequence,
      event_type: e.type,
      occurred_at: new Date(e.occurredAt),
      actor_role: e.actor.role,
      actor_user_id: e.actor.userId,
      summary: {},
      event: e,
    }));

const asOf = (instant: string, labels = new Labeller('en'), auditor = false) =>
  cycleAsOf(cycleId, instant, upTo(instant), labels, auditor);

describe('cycleAsOf', () => {
  it('shows an agreed action point before its first progress report, overdue judged on that day', () => {
    const view = asOf('2026-03-01T00:00:00.000Z');
    expect(view).toMatchObject({ cycleId, version: 4, status: { code: 'ACTIVE' }, asOf: '2026-03-01T00:00:00.000Z' });
    expect(view?.actionPoints).toEqual([
      expect.objectContaining({
        actionPointId: 'AP1',
        status: { code: 'AGREED', label: 'Agreed' },
        agreedAt: '2026-02-11T09:00:00.000Z',
        progressReports: 0,
        overdue: false,
        version: 4,
      }),
    ]);
    expect(view?.timeline.map((t) => t.sequence)).toEqual([1, 2, 3, 4]);
    expect(view?.timelineTotal).toBe(4);
  });

  it('keeps only the latest timeline entries with timelineLimit, and says how many there are', () => {
    const instant = '2026-03-01T00:00:00.000Z';
    const view = cycleAsOf(cycleId, instant, upTo(instant), new Labeller('en'), false, 2);
    expect(view?.timeline.map((t) => t.sequence)).toEqual([3, 4]);
    expect(view?.timelineTotal).toBe(4);
    // The state is still folded from every event up to the instant.
    expect(view?.version).toBe(4);
  });

  it('after the deadline passed with only a report: in progress and overdue', () => {
    const view = asOf('2026-07-15T00:00:00.000Z', new Labeller('fr'));
    expect(view?.actionPoints[0]).toMatchObject({
      status: { code: 'IN_PROGRESS', label: 'En cours de mise en œuvre' },
      progressReports: 1,
      lastProgressOn: '2026-04-30',
      overdue: true,
    });
    // Each timeline entry is named in the language asked (the domain's EVENT_LABELS).
    expect(view?.timeline.map((t) => [t.type, t.label]).slice(0, 2)).toEqual([
      ['CycleStarted', 'Cycle ouvert'],
      ['RoundScheduled', 'Session programmée'],
    ]);
  });

  it('after the assessment: completed, no longer overdue', () => {
    const view = asOf('2026-09-01T00:00:00.000Z');
    expect(view?.actionPoints[0]).toMatchObject({
      status: { code: 'COMPLETED' },
      assessment: { code: 'COMPLETED' },
      assessedAt: '2026-08-01T09:00:00.000Z',
      overdue: false,
    });
    expect(view?.version).toBe(6);
  });

  it('shows actor user ids to auditors only', () => {
    expect(asOf('2026-09-01T00:00:00.000Z')?.timeline[4].actor).toEqual({
      role: { code: 'DELEGATION', label: 'EU delegation' },
    });
    expect(asOf('2026-09-01T00:00:00.000Z', new Labeller('en'), true)?.timeline[4].actor.userId).toBe('deleg-kh');
  });

  it('is null before the cycle started', () => {
    expect(asOf('2026-01-01T00:00:00.000Z')).toBeNull();
  });

  it('has no current stage for a dialogue (its stages are not marked by recorded events)', () => {
    expect(asOf('2026-09-01T00:00:00.000Z')?.stage).toBeNull();
  });

  it('carries the current stage of a GSP+ cycle as it stood at the instant, labelled', () => {
    const gspId = 'LK-GSP-2026';
    const gspEvent = (n: number, type: CycleEvent['type'], occurredAt: string, data: unknown): CycleEvent =>
      ({ type, cycleId: gspId, sequence: n, occurredAt, actor: desk, commandId: `gsp-${n}`, data }) as CycleEvent;
    const gspEvents = [
      gspEvent(1, 'CycleStarted', '2026-01-10T09:00:00.000Z', {
        cycleType: 'GSP_PLUS_MONITORING',
        country: 'LK',
        title: 'GSP+ monitoring of Sri Lanka',
        timeZone: 'Asia/Colombo',
        reminderPolicy: defaultReminderPolicy('GSP_PLUS_MONITORING'),
      }),
      gspEvent(2, 'GspStageRecorded', '2026-02-01T09:00:00.000Z', { stage: 'LIST_OF_ISSUES_SENT', on: '2026-02-01' }),
      gspEvent(3, 'GspStageRecorded', '2026-04-01T09:00:00.000Z', { stage: 'REPLIES_RECEIVED', on: '2026-04-01' }),
      gspEvent(4, 'GspStageRecorded', '2026-06-01T09:00:00.000Z', {
        stage: 'MONITORING_MISSION_HELD',
        on: '2026-06-01',
      }),
    ];
    const gspAsOf = (instant: string, labels = new Labeller('en')) =>
      cycleAsOf(
        gspId,
        instant,
        gspEvents
          .filter((e) => e.occurredAt <= instant)
          .map((e) => ({
            sequence: e.sequence,
            event_type: e.type,
            occurred_at: new Date(e.occurredAt),
            actor_role: e.actor.role,
            actor_user_id: e.actor.userId,
            summary: {},
            event: e,
          })),
        labels,
        false,
      );
    expect(gspAsOf('2026-01-20T00:00:00.000Z')?.stage).toEqual({
      code: 'LIST_OF_ISSUES_SENT',
      label: 'List of issues (scorecard) sent',
    });
    expect(gspAsOf('2026-05-01T00:00:00.000Z', new Labeller('fr'))?.stage).toEqual({
      code: 'MONITORING_MISSION',
      label: 'Mission de suivi',
    });
    expect(gspAsOf('2026-07-01T00:00:00.000Z')?.stage).toEqual({
      code: 'FOLLOW_UP_OF_OUTSTANDING_ISSUES',
      label: 'Follow-up of outstanding issues',
    });
  });
});

describe('localDate', () => {
  it('is the calendar date in the zone, UTC for an unknown zone', () => {
    expect(localDate('2026-06-30T20:00:00.000Z', 'Asia/Phnom_Penh')).toBe('2026-07-01');
    expect(localDate('2026-06-30T20:00:00.000Z', 'Not/A_Zone')).toBe('2026-06-30');
  });
});
