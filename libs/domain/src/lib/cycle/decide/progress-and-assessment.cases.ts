import { givenCommands, meta } from '../../../testing/decider-spec';
import {
  assess,
  proposeActionPoint,
  reportProgress,
  scheduleRound,
  startCycle,
  withAgreedActionPoint,
  withdraw,
} from '../../../testing/fixtures';

/** Cases of `decide` for ReportProgress, AssessActionPoint; run by ../decide.spec.ts, which checks that every rejection code is exercised. */
describe('ReportProgress', () => {
  it('records a report and moves the action point to IN_PROGRESS', () => {
    const delegation = meta('2026-03-02T07:00:00.000Z', { userId: 'del-kh', role: 'DELEGATION' });
    const state = givenCommands(withAgreedActionPoint())
      .when(reportProgress(), delegation)
      .then([
        {
          type: 'ProgressReported',
          data: {
            actionPointId: 'AP1',
            reportId: 'P1',
            text: 'Two of the five defenders were released',
            evidenceLinks: ['https://example.org/press-release'],
            reportedOn: '2026-03-01',
          },
        },
      ]);
    expect(state.actionPoints['AP1']).toMatchObject({
      status: 'IN_PROGRESS',
      progress: [{ reportId: 'P1', reportedAt: '2026-03-02T07:00:00.000Z', reportedBy: 'del-kh' }],
    });
  });

  it('accepts further reports while in progress, and no evidence at all', () => {
    const state = givenCommands([...withAgreedActionPoint(), reportProgress()])
      .when(reportProgress('AP1', 'P2', { evidenceLinks: [] }))
      .then([
        {
          type: 'ProgressReported',
          data: {
            actionPointId: 'AP1',
            reportId: 'P2',
            text: 'Two of the five defenders were released',
            evidenceLinks: [],
            reportedOn: '2026-03-01',
          },
        },
      ]);
    expect(state.actionPoints['AP1'].progress).toHaveLength(2);
  });

  it('is refused with ACTION_POINT_NOT_AGREED on a proposed action point', () => {
    givenCommands([startCycle(), scheduleRound(), proposeActionPoint()])
      .when(reportProgress())
      .thenRejects('ACTION_POINT_NOT_AGREED', { message: /only proposed\. Agree it/ });
  });

  it('is refused with ACTION_POINT_FINAL once assessed', () => {
    givenCommands([...withAgreedActionPoint(), assess()])
      .when(reportProgress())
      .thenRejects('ACTION_POINT_FINAL');
  });

  it('is refused with DUPLICATE_REPORT', () => {
    givenCommands([...withAgreedActionPoint(), reportProgress()])
      .when(reportProgress())
      .thenRejects('DUPLICATE_REPORT', { field: 'reportId', message: /P1 was already recorded/ });
  });

  it.each(['ftp://example.org/a', 'javascript:alert(1)', 'example.org/report', 'https://', 42])(
    'is refused with INVALID_EVIDENCE_LINK for %p',
    (link) => {
      givenCommands(withAgreedActionPoint())
        .when(reportProgress('AP1', 'P1', { evidenceLinks: ['https://ok.example.org', link as string] }))
        .thenRejects('INVALID_EVIDENCE_LINK', { field: 'evidenceLinks' });
    },
  );

  it('is refused with INVALID_TEXT, INVALID_DATE, INVALID_ID and UNKNOWN_ACTION_POINT', () => {
    const scenario = givenCommands(withAgreedActionPoint());
    scenario.when(reportProgress('AP1', 'P1', { text: '' })).thenRejects('INVALID_TEXT', { field: 'text' });
    scenario.when(reportProgress('AP1', 'P1', { reportedOn: '1 March' })).thenRejects('INVALID_DATE');
    scenario.when(reportProgress('AP1', 'P 1')).thenRejects('INVALID_ID', { field: 'reportId' });
    scenario.when(reportProgress('AP2')).thenRejects('UNKNOWN_ACTION_POINT');
  });
});

describe('ReportProgress without a report id', () => {
  it('gets the action point’s next free report id from the cycle', () => {
    const report = reportProgress();
    delete report.reportId;
    const state = givenCommands([...withAgreedActionPoint(), reportProgress('AP1', 'PR1')])
      .when(report)
      .then([
        {
          type: 'ProgressReported',
          data: {
            actionPointId: 'AP1',
            reportId: 'PR2',
            text: 'Two of the five defenders were released',
            evidenceLinks: ['https://example.org/press-release'],
            reportedOn: '2026-03-01',
          },
        },
      ]);
    expect(state.actionPoints['AP1'].progress.map((p) => p.reportId)).toEqual(['PR1', 'PR2']);
  });
});

describe('AssessActionPoint', () => {
  it.each(['COMPLETED', 'PARTIALLY_COMPLETED', 'NOT_COMPLETED'] as const)(
    'sets the final status %s, from AGREED or IN_PROGRESS',
    (assessment) => {
      const fromAgreed = givenCommands(withAgreedActionPoint())
        .when({ type: 'AssessActionPoint', actionPointId: 'AP1', assessment, comment: ' Verified by the delegation ' })
        .then([
          {
            type: 'ActionPointAssessed',
            data: { actionPointId: 'AP1', assessment, comment: 'Verified by the delegation' },
          },
        ]);
      expect(fromAgreed.actionPoints['AP1']).toMatchObject({ status: assessment, assessment });
      givenCommands([...withAgreedActionPoint(), reportProgress()])
        .when(assess('AP1', assessment))
        .then([{ type: 'ActionPointAssessed', data: { actionPointId: 'AP1', assessment } }]);
    },
  );

  it('is refused with ACTION_POINT_NOT_AGREED on a proposed action point', () => {
    givenCommands([startCycle(), scheduleRound(), proposeActionPoint()])
      .when(assess())
      .thenRejects('ACTION_POINT_NOT_AGREED');
  });

  it('is refused with ACTION_POINT_ALREADY_ASSESSED', () => {
    givenCommands([...withAgreedActionPoint(), assess('AP1', 'PARTIALLY_COMPLETED')])
      .when(assess())
      .thenRejects('ACTION_POINT_ALREADY_ASSESSED', { message: /assessed as PARTIALLY_COMPLETED/ });
  });

  it('is refused with ACTION_POINT_FINAL once withdrawn', () => {
    givenCommands([...withAgreedActionPoint(), withdraw()])
      .when(assess())
      .thenRejects('ACTION_POINT_FINAL');
  });

  it('is refused with INVALID_ASSESSMENT and INVALID_TEXT', () => {
    const scenario = givenCommands(withAgreedActionPoint());
    scenario.when(assess('AP1', 'DONE' as never)).thenRejects('INVALID_ASSESSMENT', { field: 'assessment' });
    scenario
      .when({ type: 'AssessActionPoint', actionPointId: 'AP1', assessment: 'COMPLETED', comment: 'x'.repeat(4001) })
      .thenRejects('INVALID_TEXT', { field: 'comment' });
  });

  it('is refused with UNKNOWN_ACTION_POINT', () => {
    givenCommands(withAgreedActionPoint()).when(assess('AP2')).thenRejects('UNKNOWN_ACTION_POINT');
  });
});
