/**
 * HTTP status of a domain rejection: 409 when the command conflicts with the cycle's current
 * state (retrying the same command cannot succeed until the state changes), 412 for a stale
 * If-Match, 404 for a cycle that does not exist, and 422 for a command that is invalid in
 * itself (a deadline before its round, an unknown round, ...).
 */
const CONFLICTS = new Set([
  'ACTION_POINT_ALREADY_ASSESSED',
  'ACTION_POINT_FINAL',
  'ACTION_POINT_NOT_AGREED',
  'ACTION_POINT_NOT_PROPOSED',
  'CYCLE_ALREADY_EXISTS',
  'CYCLE_ALREADY_STARTED',
  'CYCLE_CLOSED',
  'CYCLE_NOT_STARTED',
  'DUPLICATE_ACTION_POINT',
  'DUPLICATE_REPORT',
  'DUPLICATE_ROUND',
  'GSP_STAGE_ALREADY_RECORDED',
  'GSP_STAGE_OUT_OF_ORDER',
  'OPEN_ACTION_POINTS',
  'OPEN_ACTION_POINTS_NEED_NEXT_ROUND',
  'ROUND_ALREADY_CLOSED',
  'ROUND_ALREADY_HELD',
  'WITHDRAWAL_ALREADY_DECIDED',
  'WITHDRAWAL_ALREADY_INITIATED',
  'WITHDRAWAL_NOT_INITIATED',
]);

export function rejectionStatus(code: string): 404 | 409 | 412 | 422 {
  if (code === 'VERSION_CONFLICT') return 412;
  if (code === 'CYCLE_NOT_FOUND') return 404;
  return CONFLICTS.has(code) ? 409 : 422;
}
