import type { RejectionCode } from '@suivi/domain';

/** Codes the client and workflow add to the domain's own (libs/temporal, workflows). */
type LifecycleCode = 'CYCLE_ALREADY_EXISTS' | 'CYCLE_NOT_FOUND' | 'VERSION_CONFLICT' | 'SYSTEM_COMMAND';

/**
 * HTTP status of every refusal, listed code by code so that a new domain code does not compile
 * until someone decides its status: 409 when the command conflicts with the cycle's current
 * state (it cannot succeed until the state changes), 422 when it is invalid in itself, 412 for
 * a stale If-Match, 404 for a cycle that does not exist, and 500 for what only a bug in the API
 * can cause (bad metadata, a command the API never sends).
 */
const STATUS: Record<RejectionCode | LifecycleCode, 404 | 409 | 412 | 422 | 500> = {
  INVALID_METADATA: 500,
  UNKNOWN_COMMAND: 500,
  // The API's body schemas are the commands' own (strict): a field they let through is its bug.
  UNKNOWN_FIELD: 500,
  SYSTEM_COMMAND: 500,
  CYCLE_ID_MISMATCH: 500,
  REMINDER_NOT_PENDING: 500,
  REMINDER_NOT_DUE: 500,
  // The API makes case references itself: a malformed one is its own bug.
  INVALID_CASE_REF: 500,
  CASE_ALREADY_ATTACHED: 409,
  CASE_ALREADY_ERASED: 409,
  UNKNOWN_CASE: 422,
  CYCLE_NOT_FOUND: 404,
  VERSION_CONFLICT: 412,
  CYCLE_ALREADY_EXISTS: 409,
  CYCLE_NOT_STARTED: 409,
  CYCLE_ALREADY_STARTED: 409,
  CYCLE_CLOSED: 409,
  DUPLICATE_ROUND: 409,
  ROUND_ALREADY_CLOSED: 409,
  ROUND_ALREADY_HELD: 409,
  DUPLICATE_ACTION_POINT: 409,
  ACTION_POINT_NOT_PROPOSED: 409,
  ACTION_POINT_FINAL: 409,
  ACTION_POINT_NOT_AGREED: 409,
  ACTION_POINT_ALREADY_ASSESSED: 409,
  DUPLICATE_REPORT: 409,
  OPEN_ACTION_POINTS_NEED_NEXT_ROUND: 409,
  OPEN_ACTION_POINTS: 409,
  GSP_STAGE_OUT_OF_ORDER: 409,
  GSP_STAGE_ALREADY_RECORDED: 409,
  WITHDRAWAL_ALREADY_INITIATED: 409,
  WITHDRAWAL_NOT_INITIATED: 409,
  WITHDRAWAL_ALREADY_DECIDED: 409,
  UNKNOWN_CYCLE_TYPE: 422,
  INVALID_COUNTRY: 422,
  INVALID_TITLE: 422,
  INVALID_TIME_ZONE: 422,
  INVALID_REMINDER_POLICY: 422,
  INVALID_ID: 422,
  INVALID_DATE: 422,
  UNKNOWN_ROUND: 422,
  UNKNOWN_ACTION_POINT: 422,
  DEADLINE_BEFORE_ROUND_DATE: 422,
  UNKNOWN_THEME: 422,
  NO_THEME: 422,
  UNKNOWN_CONVENTION: 422,
  INVALID_UN_REFERENCE: 422,
  INVALID_OWNER: 422,
  INVALID_PRIORITY: 422,
  INVALID_TEXT: 422,
  NO_CHANGES: 422,
  REASON_REQUIRED: 422,
  INVALID_ASSESSMENT: 422,
  INVALID_EVIDENCE_LINK: 422,
  INVALID_NEXT_ROUND: 422,
  NOT_A_GSP_CYCLE: 422,
  UNKNOWN_GSP_STAGE: 422,
  INVALID_REPLIES_DUE_ON: 422,
  NOT_A_WITHDRAWAL_PROCEDURE: 422,
  DECISION_BEFORE_INITIATION: 422,
  INVALID_DECISION: 422,
};

export function rejectionStatus(code: string): 404 | 409 | 412 | 422 | 500 {
  return STATUS[code as keyof typeof STATUS] ?? 500;
}
