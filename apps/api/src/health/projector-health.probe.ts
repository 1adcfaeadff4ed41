import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Pool } from 'pg';
import { PostgresPoolService } from '../clients/postgres-pool.service';
import { withTimeout } from '../common/with-timeout';
import { READINESS_TIMEOUT_MS } from './dependency-probe';

type HealthIndicatorSession = ReturnType<HealthIndicatorService['check']>;

/**
 * The projector's health as it records it in PostgreSQL (ADR 0014):
 * `read_model_control.projector_status` (one row per consumer group and partition, with the
 * time the partition became stuck, if it is) and the repair marks of the current read-model
 * generation (`read_model.projection_positions.repair_*`).
 *
 * - A stuck partition (its batches have failed for another reason than their data for longer
 *   than the projector's threshold: nothing after it is projected) makes the API not ready.
 * - Cycles needing repair (an event of theirs could not be stored; each is frozen at its last
 *   good version, every other cycle goes on) do not: the report lists them, by id, reason
 *   (a SQLSTATE) and date, as `degraded`.
 */

/** Cycles listed by id in the report; the count covers all. */
const LISTED_CYCLES = 20;

export interface StuckPartition {
  consumerGroup: string;
  topic: string;
  partition: number;
  stuckSince: string;
  lastProgressAt: string | null;
  lastError: string | null;
}

export interface CycleNeedingRepair {
  cycleId: string;
  since: string;
  heldFromSequence: number | null;
  reason: string | null;
}

export interface ProjectorHealth {
  partitions: number;
  lastProgressAt: string | null;
  stuck: StuckPartition[];
  cyclesNeedingRepair: number;
  cycles: CycleNeedingRepair[];
}

type Queryable = Pick<Pool, 'query'>;

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

/** Reads the projector's status and the repair marks (two small queries). */
export async function readProjectorHealth(pool: Queryable): Promise<ProjectorHealth> {
  const partitions = await pool.query<{
    consumer_group: string;
    topic: string;
    partition: number;
    last_progress_at: Date | null;
    stuck_since: Date | null;
    last_error: string | null;
  }>(
    `SELECT consumer_group, topic, partition, last_progress_at, stuck_since, last_error
     FROM read_model_control.projector_status ORDER BY topic, partition, consumer_group`,
  );
  const repairs = await pool.query<{
    total: number;
    cycle_id: string;
    repair_since: Date;
    repair_sequence: number | null;
    repair_reason: string | null;
  }>(
    `SELECT count(*) OVER ()::int AS total, cycle_id, repair_since, repair_sequence, repair_reason
     FROM read_model.projection_positions WHERE repair_since IS NOT NULL
     ORDER BY repair_since, cycle_id LIMIT ${LISTED_CYCLES}`,
  );
  const progress = partitions.rows
    .map((r) => r.last_progress_at)
    .filter((d): d is Date => d !== null)
    .sort((a, b) => b.getTime() - a.getTime());
  return {
    partitions: partitions.rows.length,
    lastProgressAt: iso(progress[0] ?? null),
    stuck: partitions.rows
      .filter((r) => r.stuck_since !== null)
      .map((r) => ({
        consumerGroup: r.consumer_group,
        topic: r.topic,
        partition: r.partition,
        stuckSince: (r.stuck_since as Date).toISOString(),
        lastProgressAt: iso(r.last_progress_at),
        lastError: r.last_error,
      })),
    cyclesNeedingRepair: repairs.rows[0]?.total ?? 0,
    cycles: repairs.rows.map((r) => ({
      cycleId: r.cycle_id,
      since: r.repair_since.toISOString(),
      heldFromSequence: r.repair_sequence,
      reason: r.repair_reason,
    })),
  };
}

/** SQLSTATEs meaning the projector has not created its tables yet (first start, migrations pending). */
const NOT_MIGRATED = new Set(['42P01', '3F000', '42703']);

/** A server's answer (node-postgres DatabaseError) rather than a connection or timeout failure. */
function sqlStateOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && typeof severity === 'string' ? code : null;
}

/** The readiness entry `projector`. */
@Injectable()
export class ProjectorHealthIndicator {
  constructor(
    private readonly healthIndicatorService: HealthIndicatorService,
    private readonly postgres: PostgresPoolService,
    @Inject(READINESS_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  /** The entry `key` of the readiness report; none when PostgreSQL cannot be reached (its own entry says so). */
  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.healthIndicatorService.check(key);
    let health: ProjectorHealth;
    try {
      health = await withTimeout(
        readProjectorHealth(this.postgres.pool),
        this.timeoutMs,
        `no answer within ${this.timeoutMs} ms`,
      );
    } catch (error) {
      const sqlState = sqlStateOf(error);
      // PostgreSQL unreachable or hanging: the `postgres` entry says so; saying it twice adds nothing.
      if (sqlState === null) return {};
      if (NOT_MIGRATED.has(sqlState)) {
        return indicator.up({ state: 'unknown', message: 'the projector has not recorded its status yet' });
      }
      return indicator.down({ state: 'unknown', message: `projector status unreadable (SQLSTATE ${sqlState})` });
    }
    return projectorResult(health, indicator);
  }
}

/** up (ok or degraded) or down (a partition stuck), with the details. */
export function projectorResult(health: ProjectorHealth, indicator: HealthIndicatorSession): HealthIndicatorResult {
  const details = {
    partitions: health.partitions,
    lastProgressAt: health.lastProgressAt,
    partitionsStuck: health.stuck,
    cyclesNeedingRepair: health.cyclesNeedingRepair,
    ...(health.cycles.length > 0 ? { cycles: health.cycles } : {}),
  };
  const repairs =
    health.cyclesNeedingRepair === 1 ? '1 cycle needs repair' : `${health.cyclesNeedingRepair} cycles need repair`;
  if (health.stuck.length > 0) {
    const stuck = health.stuck
      .map(
        (s) =>
          `partition ${s.partition} of ${s.topic} stuck since ${s.stuckSince}${s.lastError ? ` (${s.lastError})` : ''}`,
      )
      .join('; ');
    return indicator.down({
      state: 'stuck',
      message: health.cyclesNeedingRepair > 0 ? `${stuck}; ${repairs}` : stuck,
      ...details,
    });
  }
  if (health.cyclesNeedingRepair > 0)
    return indicator.up({ state: 'degraded', message: `degraded, ${repairs}`, ...details });
  return indicator.up({ state: 'ok', ...details });
}
