import type { CycleState } from '../state';
import { MAX_URL_LENGTH, ASSESSMENTS, checkId, checkDate, checkText, isHttpUrl } from './checks';
import { Outcome, Command, nextFreeId } from './outcome';
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
  const idProblem = checkId(reportId, 'reportId', 'progress report');
  if (idProblem) return idProblem;
  const previous = ap.progress.find((p) => p.reportId === reportId);
  if (previous) {
    return reject(
      'DUPLICATE_REPORT',
      `Progress report ${reportId} was already recorded for action point ${ap.actionPointId} (reported on ${previous.reportedOn}). Use a new report id for new progress, or leave it out.`,
      'reportId',
    );
  }
  const textProblem = checkText(c.text, 'text', 'the progress report');
  if (textProblem) return textProblem;
  if (!Array.isArray(c.evidenceLinks)) {
    return reject(
      'INVALID_EVIDENCE_LINK',
      'Evidence links must be a list of web addresses (it may be empty).',
      'evidenceLinks',
    );
  }
  const badLink = c.evidenceLinks.find((link: unknown) => !isHttpUrl(link));
  if (badLink !== undefined) {
    return reject(
      'INVALID_EVIDENCE_LINK',
      `The evidence link ${JSON.stringify(badLink)} is not a web address. Give http:// or https:// links (at most ${MAX_URL_LENGTH} characters).`,
      'evidenceLinks',
    );
  }
  const dateProblem = checkDate(c.reportedOn, 'reportedOn');
  if (dateProblem) return dateProblem;
  return [
    {
      type: 'ProgressReported',
      data: {
        actionPointId: ap.actionPointId,
        reportId,
        text: c.text.trim(),
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
  if (!(ASSESSMENTS as readonly unknown[]).includes(c.assessment)) {
    return reject(
      'INVALID_ASSESSMENT',
      `"${String(c.assessment)}" is not an assessment. Choose one of ${ASSESSMENTS.join(', ')}.`,
      'assessment',
    );
  }
  if (c.comment !== undefined) {
    const commentProblem = checkText(c.comment, 'comment', 'the assessment comment', true);
    if (commentProblem) return commentProblem;
  }
  const comment = typeof c.comment === 'string' && c.comment.trim() !== '' ? c.comment.trim() : undefined;
  return [
    {
      type: 'ActionPointAssessed',
      data: { actionPointId: ap.actionPointId, assessment: c.assessment, ...(comment ? { comment } : {}) },
    },
  ];
}
