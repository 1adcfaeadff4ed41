import type { CycleState } from '../state';
import { ASSESSMENTS } from './checks';
import { Outcome, Command, Decisions, nextFreeId } from './outcome';
import { reject, unknownActionPoint, actionPointFinal, notAgreed } from './rejections';
import { actionPointOf, isFinal } from './state-lookups';

export function reportProgress(state: CycleState, c: Command<'ReportProgress'>): Outcome {
  const ap = actionPointOf(state, c.actionPointId);
  if (!ap) return unknownActionPoint(c.actionPointId);
  if (isFinal(ap)) return actionPointFinal(ap, 'reported on');
  if (ap.status === 'PROPOSED') return notAgreed(ap, 'report progress on it');
  // Without an id, the next free one of this action point's reports: PR1, PR2, ...
  const reportId =
    c.reportId ??
    nextFreeId(
      ap.progress.map((p) => p.reportId),
      'PR',
    );
  const previous = ap.progress.find((p) => p.reportId === reportId);
  if (previous) {
    return reject(
      'DUPLICATE_REPORT',
      `Progress report ${reportId} was already recorded for action point ${ap.actionPointId} (reported on ${previous.reportedOn}). Use a new report id for new progress, or leave it out.`,
      'reportId',
    );
  }
  return [
    {
      type: 'ProgressReported',
      data: {
        actionPointId: ap.actionPointId,
        reportId,
        text: c.text,
        evidenceLinks: [...c.evidenceLinks],
        reportedOn: c.reportedOn,
      },
    },
  ];
}

export function assessActionPoint(state: CycleState, c: Command<'AssessActionPoint'>): Outcome {
  const ap = actionPointOf(state, c.actionPointId);
  if (!ap) return unknownActionPoint(c.actionPointId);
  if (ap.status === 'WITHDRAWN') return actionPointFinal(ap, 'assessed');
  if (ap.assessment !== undefined || (ASSESSMENTS as readonly string[]).includes(ap.status)) {
    return reject(
      'ACTION_POINT_ALREADY_ASSESSED',
      `Action point ${ap.actionPointId} was already assessed as ${ap.assessment ?? ap.status}; an assessment is final.`,
      'actionPointId',
    );
  }
  if (ap.status === 'PROPOSED') return notAgreed(ap, 'assess it');
  return [
    {
      type: 'ActionPointAssessed',
      data: { actionPointId: ap.actionPointId, assessment: c.assessment, ...(c.comment ? { comment: c.comment } : {}) },
    },
  ];
}

export const progressAndAssessmentDecisions: Decisions<'ReportProgress' | 'AssessActionPoint'> = {
  ReportProgress: reportProgress,
  AssessActionPoint: assessActionPoint,
};
