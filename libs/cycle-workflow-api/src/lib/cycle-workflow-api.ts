import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { CommandMetadata, CycleCommand, CycleEvent, CycleState, DomainError } from '@suivi/domain';

/**
 * What clients (API, benchmarks, tests) and the cycle workflow agree on: names,
 * payload types and search attributes. Shared by both sides so they cannot drift.
 */
export const CYCLE_WORKFLOW_TYPE = 'cycleWorkflow';

export type StartCycleCommand = Extract<CycleCommand, { type: 'StartCycle' }>;

export interface CycleWorkflowOptions {
  /** Continue as new once the history has this many events (Temporal also suggests it near its limits). */
  maxHistoryEvents?: number;
  /** Events published per activity call. */
  publishBatchSize?: number;
  /**
   * The publication window (default 2.5 s; 2 s for cycles started before ADR 0013): a cycle
   * that published within it batches a command's events for up to this long (twice as long
   * while a machine feeds the cycle, ADR 0026); one that did not publishes them at once. Under
   * a flow of commands the first command task after 80 % of the window publishes instead.
   * Reminders do not wait.
   */
  publishDelayMs?: number;
}

export interface CycleWorkflowInput {
  cycleId: string;
  /**
   * First run only: the command that starts the cycle, and optionally the commands that
   * follow it at once (importing a cycle with its first round and agreed action points).
   */
  start?: {
    command: StartCycleCommand;
    metadata: CommandMetadata;
    then?: Array<{ command: CycleCommand; metadata: CommandMetadata }>;
  };
  /** After continue-as-new: the state and the events not yet published, in order. */
  carried?: { state: CycleState; unpublished: CycleEvent[] };
  options?: CycleWorkflowOptions;
}

export interface CommandRequest {
  command: CycleCommand;
  metadata: CommandMetadata;
  /** Optimistic concurrency: the version the caller last saw (rejected with VERSION_CONFLICT otherwise). */
  expectedVersion?: number;
}

export interface CommandResult {
  version: number;
  events: CycleEvent[];
}

export interface CycleWorkflowResult {
  cycleId: string;
  status: string;
  version: number;
}

/** A command the domain rejected: the ApplicationFailure type the update validator throws. */
export const DOMAIN_REJECTION = 'DomainRejection';
export type DomainRejectionDetails = DomainError;

export const executeCommandUpdate = defineUpdate<CommandResult, [CommandRequest]>('executeCommand');
export const cycleStateQuery = defineQuery<CycleState>('cycleState');
export const publishingStatusQuery = defineQuery<{ unpublished: number; lastPublishedSequence: number }>(
  'publishingStatus',
);

/** Registered on the Temporal server at start-up (infra/src/servers/temporal.ts), so the Web UI can filter cycles. */
export const CycleSearchAttributes = {
  country: defineSearchAttributeKey('SuiviCountry', SearchAttributeType.KEYWORD),
  cycleType: defineSearchAttributeKey('SuiviCycleType', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('SuiviCycleStatus', SearchAttributeType.KEYWORD),
} as const;

/** The events' ids, defined by the domain; re-exported for the workflow's clients. */
export { eventId } from '@suivi/domain';
