import { foldEvents, type CycleEvent, type CycleEventType } from '@suivi/domain';
import { knownEventTypes } from '@suivi/contracts';
import { emptyCycleRows, projectEvent, projectEvents, type CycleRows, type RowChange } from './projection';
import {
  CASE_REF,
  dialogueHistory,
  gspHistory,
  individualCaseHistory,
  withdrawalHistory,
} from './testing/cycle-histories';

const dialogue = dialogueHistory('KH-HRD-2026');
const gsp = gspHistory('LK-GSP-2026');
const withdrawal = withdrawalHistory('KH-EBA-2019');
const individualCase = individualCaseHistory('VN-HRD-2026');

/** Rows after the events up to (not including) the first event of `type`, and that event. */
function before(events: readonly CycleEvent[], type: CycleEventType, nth = 0): { rows: CycleRows; event: CycleEvent } {
  const index = events.map((e, i) => [e, i] as const).filter(([e]) => e.type === type)[nth][1];
  return { rows: projectEvents(emptyCycleRows(), events.slice(0, index)).rows, event: events[index] };
}

const upserts = (changes: RowChange[], table: RowChange['table']) =>
  changes.filter((c) => c.table === table).map((c) => c.row);

describe('projectEvent, per event type', () => {
  it('covers every domain event type in these tests', () => {
    const covered = new Set(
      [...dialogue.events, ...gsp.events, ...withdrawal.events, ...individualCase.events].map((e) => e.type),
    );
    expect([...covered].sort()).toEqual([...knownEventTypes].sort());
  });

  it('IndividualCaseAttached keeps the reference and when, nothing else about the case', () => {
    const { rows, event } = before(individualCase.events, 'IndividualCaseAttached');
    const projected = projectEvent(rows, event);
    expect(projected.rows.actionPoints['AP1']).toMatchObject({
      case_ref: CASE_REF,
      case_attached_at: '2026-02-03T10:01:00.000Z',
      case_erased_at: null,
      version: event.sequence,
    });
    expect(upserts(projected.changes, 'timeline')).toEqual([
      expect.objectContaining({
        event_type: 'IndividualCaseAttached',
        summary: { actionPointId: 'AP1', caseRef: CASE_REF },
      }),
    ]);
  });

  it('IndividualCaseErased records when and by whom, keeping the reference (on a cancelled cycle too)', () => {
    const { rows, event } = before(individualCase.events, 'IndividualCaseErased');
    expect(rows.cycle?.status).toBe('CANCELLED');
    expect(projectEvent(rows, event).rows.actionPoints['AP1']).toMatchObject({
      case_ref: CASE_REF,
      case_erased_at: '2026-04-01T09:00:00.000Z',
      case_erased_by_role: 'REVIEWER',
      case_erased_by_user: 'reviewer-hq',
    });
  });

  it('CycleStarted creates the cycle row, ACTIVE, at version 1', () => {
    const { rows, changes } = projectEvent(emptyCycleRows(), dialogue.events[0]);
    expect(rows.cycle).toEqual({
      cycle_id: 'KH-HRD-2026',
      cycle_type: 'HUMAN_RIGHTS_DIALOGUE',
      country: 'KH',
      title: 'EU-Cambodia human rights dialogue',
      time_zone: 'Asia/Phnom_Penh',
      status: 'ACTIVE',
      version: 1,
      started_at: '2026-01-10T09:00:00.000Z',
      closed_at: null,
      closing_reason: null,
      rounds_scheduled: 0,
      gsp_stages: {},
      gsp_replies_due_on: null,
      withdrawal_milestones: null,
      withdrawal_decided_on: null,
      withdrawn: null,
      updated_at: '2026-01-10T09:00:00.000Z',
    });
    expect(upserts(changes, 'cycles')).toEqual([rows.cycle]);
    expect(upserts(changes, 'timeline')).toEqual([
      {
        cycle_id: 'KH-HRD-2026',
        sequence: 1,
        event_id: 'KH-HRD-2026:1',
        event_type: 'CycleStarted',
        occurred_at: '2026-01-10T09:00:00.000Z',
        actor_role: 'DESK_OFFICER',
        actor_user_id: 'desk-kh',
        command_id: 'KH-HRD-2026-cmd-1',
        summary: { cycleType: 'HUMAN_RIGHTS_DIALOGUE', country: 'KH', timeZone: 'Asia/Phnom_Penh' },
        event: dialogue.events[0],
      },
    ]);
  });

  it('RoundScheduled adds a round in scheduling order and counts it on the cycle', () => {
    const { rows, event } = before(dialogue.events, 'RoundScheduled', 1);
    const projected = projectEvent(rows, event);
    expect(projected.rows.rounds['R2']).toEqual({
      cycle_id: 'KH-HRD-2026',
      round_id: 'R2',
      position: 2,
      title: null,
      date: '2027-02-01',
      held_on: null,
      status: 'SCHEDULED',
      closed_at: null,
      carried_over: [],
      next_round_id: null,
      version: event.sequence,
      updated_at: event.occurredAt,
    });
    expect(projected.rows.cycle?.rounds_scheduled).toBe(2);
    expect(upserts(projected.changes, 'rounds')).toEqual([projected.rows.rounds['R2']]);
  });

  it('RoundHeld records the date it was held', () => {
    const { rows, event } = before(dialogue.events, 'RoundHeld');
    const round = projectEvent(rows, event).rows.rounds['R1'];
    expect(round).toMatchObject({ status: 'HELD', held_on: '2026-02-02', title: 'Round 1', position: 1 });
  });

  it('ActionPointProposed adds the action point with its terms, PROPOSED', () => {
    const { rows, event } = before(dialogue.events, 'ActionPointProposed');
    expect(projectEvent(rows, event).rows.actionPoints['AP1']).toEqual({
      cycle_id: 'KH-HRD-2026',
      action_point_id: 'AP1',
      original_round_id: 'R1',
      round_id: 'R1',
      text: 'Release the detained human-rights defenders',
      owner: 'PARTNER',
      deadline: '2026-06-30',
      priority: 'HIGH',
      themes: ['I.C'],
      conventions: ['ICCPR'],
      un_references: [],
      status: 'PROPOSED',
      assessment: null,
      assessment_comment: null,
      rounds_carried: 0,
      progress_reports: 0,
      last_progress_on: null,
      reminders_sent: 0,
      last_reminder_at: null,
      escalated: false,
      proposed_at: event.occurredAt,
      agreed_at: null,
      withdrawn_at: null,
      withdrawal_reason: null,
      assessed_at: null,
      case_ref: null,
      case_attached_at: null,
      case_erased_at: null,
      case_erased_by_role: null,
      case_erased_by_user: null,
      version: event.sequence,
      updated_at: event.occurredAt,
    });
  });

  it('ActionPointAgreed sets AGREED and when', () => {
    const { rows, event } = before(dialogue.events, 'ActionPointAgreed');
    expect(projectEvent(rows, event).rows.actionPoints['AP1']).toMatchObject({
      status: 'AGREED',
      agreed_at: '2026-02-04T09:00:00.000Z',
    });
  });

  it('ActionPointAmended changes only the amended terms; the summary names them without free text', () => {
    const { rows, event } = before(dialogue.events, 'ActionPointAmended');
    const projected = projectEvent(rows, event);
    expect(projected.rows.actionPoints['AP2']).toEqual({
      ...rows.actionPoints['AP2'],
      deadline: '2026-05-31',
      version: event.sequence,
      updated_at: event.occurredAt,
    });
    expect(upserts(projected.changes, 'timeline')[0]).toMatchObject({
      summary: { actionPointId: 'AP2', changed: ['deadline'], deadline: '2026-05-31' },
    });
  });

  it('ProgressReported moves AGREED to IN_PROGRESS, counts the report and keeps its date', () => {
    const { rows, event } = before(dialogue.events, 'ProgressReported');
    expect(projectEvent(rows, event).rows.actionPoints['AP1']).toMatchObject({
      status: 'IN_PROGRESS',
      progress_reports: 1,
      last_progress_on: '2026-03-01',
    });
  });

  it('ReminderSent counts reminders on the action point and flags escalations', () => {
    const rows = projectEvents(
      emptyCycleRows(),
      dialogue.events.filter((e) => e.sequence < 25),
    ).rows;
    const reminders = dialogue.events.filter((e) => e.type === 'ReminderSent' && e.sequence < 25);
    const about = (id: string) =>
      reminders.filter(
        (e) =>
          e.type === 'ReminderSent' && e.data.subject.kind === 'ACTION_POINT' && e.data.subject.actionPointId === id,
      );
    expect(rows.actionPoints['AP1'].reminders_sent).toBe(about('AP1').length);
    expect(rows.actionPoints['AP1'].escalated).toBe(
      about('AP1').some((e) => e.type === 'ReminderSent' && e.data.kind === 'ESCALATION'),
    );
    expect(rows.actionPoints['AP1'].last_reminder_at).toBe('2026-07-15T09:00:00.000Z');
    expect(rows.actionPoints['AP3'].reminders_sent).toBe(about('AP3').length);
  });

  it('ActionPointAssessed sets the assessment as status', () => {
    const { rows, event } = before(dialogue.events, 'ActionPointAssessed');
    expect(projectEvent(rows, event).rows.actionPoints['AP2']).toMatchObject({
      status: 'PARTIALLY_COMPLETED',
      assessment: 'PARTIALLY_COMPLETED',
      assessed_at: '2026-07-16T09:00:00.000Z',
    });
  });

  it('ActionPointCarriedOver moves the action point to the next round and counts the rounds carried', () => {
    const { rows, event } = before(dialogue.events, 'ActionPointCarriedOver');
    expect(projectEvent(rows, event).rows.actionPoints['AP1']).toMatchObject({
      original_round_id: 'R1',
      round_id: 'R2',
      rounds_carried: 1,
    });
  });

  it('RoundClosed closes the round with the list carried over and the next round', () => {
    const { rows, event } = before(dialogue.events, 'RoundClosed');
    const projected = projectEvent(rows, event);
    expect(projected.rows.rounds['R1']).toMatchObject({
      status: 'CLOSED',
      closed_at: '2026-07-21T09:00:00.000Z',
      carried_over: ['AP1', 'AP3'],
      next_round_id: 'R2',
    });
    expect(upserts(projected.changes, 'timeline')[0]).toMatchObject({
      summary: { roundId: 'R1', carriedOver: 2, nextRoundId: 'R2' },
    });
  });

  it('ActionPointWithdrawn sets WITHDRAWN, when and why', () => {
    const { rows, event } = before(dialogue.events, 'ActionPointWithdrawn');
    expect(projectEvent(rows, event).rows.actionPoints['AP3']).toMatchObject({
      status: 'WITHDRAWN',
      withdrawn_at: '2026-07-22T09:00:00.000Z',
      withdrawal_reason: 'Superseded',
    });
  });

  it('CycleClosed closes the cycle', () => {
    const { rows, event } = before(dialogue.events, 'CycleClosed');
    expect(projectEvent(rows, event).rows.cycle).toMatchObject({
      status: 'CLOSED',
      closed_at: '2026-07-24T09:00:00.000Z',
      closing_reason: 'Dialogue suspended',
      version: 32,
    });
  });

  it('CycleCancelled cancels the cycle', () => {
    const { rows, event } = before(gsp.events, 'CycleCancelled');
    expect(projectEvent(rows, event).rows.cycle).toMatchObject({
      status: 'CANCELLED',
      closed_at: '2026-04-01T09:00:00.000Z',
      closing_reason: 'Preferences suspended',
    });
  });

  it('GspStageRecorded records each stage date and the replies due date', () => {
    const rows = projectEvents(emptyCycleRows(), gsp.events.slice(0, 3)).rows;
    expect(rows.cycle).toMatchObject({
      gsp_stages: { LIST_OF_ISSUES_SENT: '2026-01-15', REPLIES_RECEIVED: '2026-03-10' },
      gsp_replies_due_on: '2026-03-15',
    });
  });

  it('WithdrawalInitiated and WithdrawalDecisionRecorded record the milestones and the decision', () => {
    const initiated = projectEvents(emptyCycleRows(), withdrawal.events.slice(0, 2)).rows;
    expect(initiated.cycle).toMatchObject({
      withdrawal_milestones: { initiatedOn: '2019-02-12', decisionDueOn: '2020-02-12' },
      withdrawal_decided_on: null,
      withdrawn: null,
    });
    const decided = projectEvents(initiated, withdrawal.events.slice(2)).rows;
    expect(decided.cycle).toMatchObject({ withdrawal_decided_on: '2020-02-12', withdrawn: true, version: 3 });
  });
});

describe('projectEvents over whole histories', () => {
  it('agrees with the domain fold on statuses, rounds, carry-over and version', () => {
    for (const history of [dialogue, gsp, withdrawal]) {
      const rows = projectEvents(emptyCycleRows(), history.events).rows;
      const state = foldEvents(history.cycleId, history.events);
      expect(rows.cycle?.version).toBe(state.version);
      expect(rows.cycle?.status).toBe(state.status);
      expect(rows.cycle?.rounds_scheduled).toBe(state.roundOrder.length);
      for (const round of Object.values(state.rounds)) {
        expect(rows.rounds[round.roundId]).toMatchObject({
          status: round.status,
          date: round.date,
          held_on: round.heldOn ?? null,
          position: state.roundOrder.indexOf(round.roundId) + 1,
        });
      }
      expect(Object.keys(rows.actionPoints).sort()).toEqual(Object.keys(state.actionPoints).sort());
      for (const ap of Object.values(state.actionPoints)) {
        expect(rows.actionPoints[ap.actionPointId]).toMatchObject({
          status: ap.status,
          round_id: ap.roundId,
          original_round_id: ap.originalRoundId,
          rounds_carried: ap.roundsCarried,
          deadline: ap.deadline,
          progress_reports: ap.progress.length,
          assessment: ap.assessment ?? null,
        });
      }
    }
  });

  it('writes one timeline row per event, in sequence', () => {
    const { changes } = projectEvents(emptyCycleRows(), dialogue.events);
    expect(upserts(changes, 'timeline').map((r) => (r as { sequence: number }).sequence)).toEqual(
      dialogue.events.map((e) => e.sequence),
    );
  });

  it('keeps free text out of the timeline summaries', () => {
    const { changes } = projectEvents(emptyCycleRows(), [...dialogue.events]);
    const summaries = JSON.stringify(upserts(changes, 'timeline').map((r) => (r as { summary: unknown }).summary));
    for (const text of [
      'defenders',
      'census',
      'Ratify',
      'Superseded',
      'suspended',
      'released',
      'example.org',
      'Round 1',
    ]) {
      expect(summaries).not.toContain(text);
    }
  });

  it('keeps each whole event on its timeline row, as JSON, so the rows fold back to the state as of any event', () => {
    const { changes } = projectEvents(emptyCycleRows(), dialogue.events);
    // Stored as jsonb: what comes back is the JSON round trip of the event.
    const stored = upserts(changes, 'timeline').map((r) => JSON.parse(JSON.stringify((r as { event: unknown }).event)));
    expect(stored).toEqual(JSON.parse(JSON.stringify(dialogue.events)));
    const halfway = Math.floor(dialogue.events.length / 2);
    expect(foldEvents(dialogue.cycleId, stored.slice(0, halfway) as CycleEvent[])).toEqual(
      foldEvents(dialogue.cycleId, dialogue.events.slice(0, halfway)),
    );
  });

  it('never mutates the rows it is given', () => {
    const rows = projectEvents(emptyCycleRows(), dialogue.events.slice(0, 20)).rows;
    const snapshot = JSON.parse(JSON.stringify(rows));
    projectEvents(rows, dialogue.events.slice(20));
    expect(rows).toEqual(snapshot);
  });

  it('changes only the version and timeline for an event about an unknown action point (as evolve does)', () => {
    const rows = projectEvents(emptyCycleRows(), dialogue.events.slice(0, 3)).rows;
    const stray = { ...dialogue.events[6], sequence: 4 } as CycleEvent; // AP1 agreed, but AP1 was never proposed here
    const projected = projectEvent(rows, stray);
    expect(projected.rows.actionPoints).toEqual({});
    expect(projected.changes.map((c) => c.table).sort()).toEqual(['cycles', 'timeline']);
    expect(projected.rows.cycle?.version).toBe(4);
  });
});
