import type { ActionPointDbRow } from './action-points-sql';
import type { Labelled, Labeller } from './labels';
import { iso } from './views';

/** The documents of an action point: on its own or in a cycle, and in a cross-cycle list. */

export interface UnReferenceView {
  mechanism: string;
  text: string;
  documentSymbol?: string;
  paragraph?: string;
}

export interface ActionPointView {
  cycleId: string;
  actionPointId: string;
  roundId: string;
  originalRoundId: string;
  text: string;
  owner: Labelled;
  deadline: string;
  priority: Labelled;
  themes: Labelled[];
  conventions: Labelled[];
  unReferences: UnReferenceView[];
  status: Labelled;
  assessment: Labelled | null;
  assessmentComment: string | null;
  roundsCarried: number;
  progressReports: number;
  lastProgressOn: string | null;
  overdue: boolean;
  proposedAt: string;
  agreedAt: string | null;
  assessedAt: string | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  /** The individual case it concerns, by opaque reference: who it is about is in the need-to-know store only. */
  individualCase: IndividualCaseView | null;
  version: number;
}

export interface IndividualCaseView {
  caseRef: string;
  attachedAt: string;
  erased: boolean;
  erasedAt: string | null;
  erasedBy: Labelled | null;
}

/** An action point in a cross-cycle list: with its cycle's country and title. */
export interface ActionPointListItemView extends ActionPointView {
  country: string;
  cycleTitle: string;
  cycleType: Labelled;
}

export function actionPointView(row: ActionPointDbRow, labels: Labeller): ActionPointView {
  return {
    cycleId: row.cycle_id,
    actionPointId: row.action_point_id,
    roundId: row.round_id,
    originalRoundId: row.original_round_id,
    text: row.text,
    owner: labels.owner(row.owner),
    deadline: row.deadline,
    priority: labels.priority(row.priority),
    themes: row.themes.map((t) => labels.theme(t)),
    conventions: row.conventions.map((c) => labels.convention(c)),
    unReferences: row.un_references,
    status: labels.actionPointStatus(row.status),
    assessment: row.assessment ? labels.actionPointStatus(row.assessment) : null,
    assessmentComment: row.assessment_comment,
    roundsCarried: row.rounds_carried,
    progressReports: row.progress_reports,
    lastProgressOn: row.last_progress_on,
    overdue: row.overdue,
    proposedAt: row.proposed_at.toISOString(),
    agreedAt: iso(row.agreed_at),
    assessedAt: iso(row.assessed_at),
    withdrawnAt: iso(row.withdrawn_at),
    withdrawalReason: row.withdrawal_reason,
    individualCase: row.case_ref
      ? {
          caseRef: row.case_ref,
          attachedAt: (row.case_attached_at ?? row.updated_at).toISOString(),
          erased: row.case_erased_at !== null,
          erasedAt: iso(row.case_erased_at),
          erasedBy: row.case_erased_by_role ? labels.actorRole(row.case_erased_by_role) : null,
        }
      : null,
    version: row.version,
  };
}

export function actionPointListItemView(row: ActionPointDbRow, labels: Labeller): ActionPointListItemView {
  return {
    ...actionPointView(row, labels),
    country: row.country,
    cycleTitle: row.cycle_title,
    cycleType: labels.cycleType(row.cycle_type),
  };
}
