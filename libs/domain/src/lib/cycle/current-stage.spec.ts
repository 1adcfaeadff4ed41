import { cycleTypeDefinition } from '../reference-data';
import { cycleTypes, type GspStage } from './cycle-types';
import { currentStage, currentStageCodes, currentStageRules } from './current-stage';
import { GSP_STAGE_ORDER } from './decide/gsp';

/** The stages recorded up to and including `last`, in order, on consecutive days. */
const recordedUpTo = (last: GspStage): Partial<Record<GspStage, string>> =>
  Object.fromEntries(
    GSP_STAGE_ORDER.slice(0, GSP_STAGE_ORDER.indexOf(last) + 1).map((stage, i) => [stage, `2026-03-0${i + 1}`]),
  );

describe('currentStage', () => {
  it('starts a GSP+ or EBA cycle in its first stage while nothing is recorded', () => {
    expect(currentStage('GSP_PLUS_MONITORING', {})).toBe('LIST_OF_ISSUES_SENT');
    expect(currentStage('EBA_ENHANCED_ENGAGEMENT', {})).toBe('LIST_OF_ISSUES_SENT');
  });

  it('is the stage after the last one whose marker is recorded', () => {
    expect(currentStage('GSP_PLUS_MONITORING', recordedUpTo('LIST_OF_ISSUES_SENT'))).toBe('REPLIES_DUE');
    expect(currentStage('GSP_PLUS_MONITORING', recordedUpTo('REPLIES_RECEIVED'))).toBe('MONITORING_MISSION');
    expect(currentStage('EBA_ENHANCED_ENGAGEMENT', recordedUpTo('REPLIES_RECEIVED'))).toBe('MONITORING_MISSION');
  });

  it('enters the follow-up of outstanding issues (a stage without a marker of its own) after the mission', () => {
    expect(currentStage('GSP_PLUS_MONITORING', recordedUpTo('MONITORING_MISSION_HELD'))).toBe(
      'FOLLOW_UP_OF_OUTSTANDING_ISSUES',
    );
    // The end of the follow-up is not recorded: the assessment marks the end of the assessment stage.
    expect(currentStage('GSP_PLUS_MONITORING', recordedUpTo('ASSESSMENT_COMPLETED'))).toBe('REPORT');
  });

  it('stays in the last stage once its marker is recorded', () => {
    expect(currentStage('GSP_PLUS_MONITORING', recordedUpTo('REPORT_PUBLISHED'))).toBe('REPORT');
    expect(currentStage('EBA_ENHANCED_ENGAGEMENT', recordedUpTo('REPORT_PUBLISHED'))).toBe('REPORT');
  });

  it('goes by the last stage in order whose marker is recorded, whatever the dates or gaps', () => {
    expect(currentStage('GSP_PLUS_MONITORING', { MONITORING_MISSION_HELD: '2026-01-01' })).toBe(
      'FOLLOW_UP_OF_OUTSTANDING_ISSUES',
    );
    expect(
      currentStage('GSP_PLUS_MONITORING', { LIST_OF_ISSUES_SENT: '2026-05-01', REPLIES_RECEIVED: '2026-04-01' }),
    ).toBe('MONITORING_MISSION');
  });

  it('is null for cycle types whose stages no recorded event marks, and for unknown types', () => {
    for (const type of [
      'HUMAN_RIGHTS_DIALOGUE',
      'POLITICAL_DIALOGUE',
      'GSP_WITHDRAWAL_PROCEDURE',
      'ELECTION_OBSERVATION_FOLLOW_UP',
    ]) {
      expect(currentStage(type, {})).toBeNull();
      expect(currentStage(type, { LIST_OF_ISSUES_SENT: '2026-03-01' })).toBeNull();
    }
    expect(currentStage('NOT_A_TYPE', {})).toBeNull();
  });

  it('returns a stage of the cycle type in the reference data, for every type and every prefix of the stages', () => {
    for (const type of cycleTypes) {
      const codes = cycleTypeDefinition(type).stages.map((s) => s.code);
      for (const stage of GSP_STAGE_ORDER) {
        const current = currentStage(type, recordedUpTo(stage));
        if (current !== null) expect(codes).toContain(current);
      }
    }
  });
});

describe('currentStageRules and currentStageCodes', () => {
  it('hold the GSP+ and EBA types only, latest marker first', () => {
    expect(currentStageRules.map((r) => r.cycleType)).toEqual(['GSP_PLUS_MONITORING', 'EBA_ENHANCED_ENGAGEMENT']);
    expect(currentStageRules[0]).toEqual({
      cycleType: 'GSP_PLUS_MONITORING',
      initialStage: 'LIST_OF_ISSUES_SENT',
      markers: [
        { gspStage: 'REPORT_PUBLISHED', currentStage: 'REPORT' },
        { gspStage: 'ASSESSMENT_COMPLETED', currentStage: 'REPORT' },
        { gspStage: 'MONITORING_MISSION_HELD', currentStage: 'FOLLOW_UP_OF_OUTSTANDING_ISSUES' },
        { gspStage: 'REPLIES_RECEIVED', currentStage: 'MONITORING_MISSION' },
        { gspStage: 'LIST_OF_ISSUES_SENT', currentStage: 'REPLIES_DUE' },
      ],
    });
  });

  it('list each stage code of those types once', () => {
    expect(currentStageCodes).toEqual([
      'LIST_OF_ISSUES_SENT',
      'REPLIES_DUE',
      'MONITORING_MISSION',
      'FOLLOW_UP_OF_OUTSTANDING_ISSUES',
      'ASSESSMENT',
      'REPORT',
    ]);
  });
});
