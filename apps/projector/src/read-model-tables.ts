import type { PoolClient } from 'pg';
import { copyRows, copyText, type CopyColumnKind } from './copy-rows';
import type { ActionPointRow, CycleRow, CycleRows, RoundRow, TimelineRow } from './read-model-rows';

/**
 * The read model's tables as the repository writes them: each table's columns (checked by the
 * compiler against the row types), keys and COPY kinds, and the SQL helpers that name them.
 */

/** Columns of each table, in one place; the compiler checks them against the row types. */
export const columns = {
  cycles: columnsOf<CycleRow>()([
    'cycle_id',
    'cycle_type',
    'country',
    'title',
    'time_zone',
    'status',
    'version',
    'started_at',
    'closed_at',
    'closing_reason',
    'rounds_scheduled',
    'gsp_stages',
    'gsp_replies_due_on',
    'withdrawal_milestones',
    'withdrawal_decided_on',
    'withdrawn',
    'updated_at',
  ]),
  rounds: columnsOf<RoundRow>()([
    'cycle_id',
    'round_id',
    'position',
    'title',
    'date',
    'held_on',
    'status',
    'closed_at',
    'carried_over',
    'next_round_id',
    'version',
    'updated_at',
  ]),
  action_points: columnsOf<ActionPointRow>()([
    'cycle_id',
    'action_point_id',
    'original_round_id',
    'round_id',
    'text',
    'owner',
    'deadline',
    'priority',
    'themes',
    'conventions',
    'un_references',
    'status',
    'assessment',
    'assessment_comment',
    'rounds_carried',
    'progress_reports',
    'last_progress_on',
    'reminders_sent',
    'last_reminder_at',
    'escalated',
    'proposed_at',
    'agreed_at',
    'withdrawn_at',
    'withdrawal_reason',
    'assessed_at',
    'case_ref',
    'case_attached_at',
    'case_erased_at',
    'case_erased_by_role',
    'case_erased_by_user',
    'version',
    'updated_at',
  ]),
  timeline: columnsOf<TimelineRow>()([
    'cycle_id',
    'sequence',
    'event_id',
    'event_type',
    'occurred_at',
    'actor_role',
    'actor_user_id',
    'command_id',
    'summary',
    'event',
  ]),
};

export const primaryKeys = {
  cycles: ['cycle_id'],
  rounds: ['cycle_id', 'round_id'],
  action_points: ['cycle_id', 'action_point_id'],
  timeline: ['cycle_id', 'sequence'],
} as const;

export type EntityTable = 'cycles' | 'rounds' | 'action_points';
export const entityTables: readonly EntityTable[] = ['cycles', 'rounds', 'action_points'];

export interface PositionRow {
  cycle_id: string;
  last_sequence: number;
  last_event_id: string;
  last_occurred_at: string;
}

/** Keys of the rows of `table` that exist already (read under the cycles' position locks). */
export function existingKeys(table: EntityTable, current: ReadonlyMap<string, CycleRows>): Set<string> {
  const keys = new Set<string>();
  for (const rows of current.values()) {
    if (table === 'cycles') {
      if (rows.cycle) keys.add(keyOf(table, rows.cycle));
    } else {
      for (const row of Object.values(table === 'rounds' ? rows.rounds : rows.actionPoints))
        keys.add(keyOf(table, row));
    }
  }
  return keys;
}

/**
 * Rows to update go to PostgreSQL as one JSON array per table and statement: `json` rather
 * than `jsonb`, which would first build a binary copy of the whole array only to read it once.
 */
export function fromJson(schema: string, table: string): string {
  return `json_populate_recordset(NULL::${ident(schema)}.${ident(table)}, $1::json)`;
}

/** How COPY writes the columns that hold more than a scalar. */
export const copyKinds: Record<EntityTable | 'timeline', Record<string, CopyColumnKind>> = {
  cycles: { gsp_stages: 'jsonb', withdrawal_milestones: 'jsonb' },
  rounds: { carried_over: 'text[]' },
  action_points: { themes: 'text[]', conventions: 'text[]', un_references: 'jsonb' },
  timeline: { summary: 'jsonb', event: 'jsonb' },
};

/**
 * Rows known to be new (the position lock guarantees no one else writes the cycle meanwhile),
 * with COPY: the cheapest way for PostgreSQL to take many rows.
 */
export async function insertRows(client: PoolClient, schema: string, table: EntityTable | 'timeline', rows: object[]) {
  if (rows.length === 0) return;
  await copyRows(
    client,
    `${ident(schema)}.${ident(table)}`,
    columns[table].map(ident),
    copyText(rows, columns[table], copyKinds[table]),
  );
}

/** Replaces whole rows: the projection always hands over the complete row. */
export async function updateRows(
  client: PoolClient,
  schema: string,
  table: EntityTable,
  rows: object[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns[table].map(ident);
  const keys = primaryKeys[table].map(ident);
  const updated = columns[table].filter((c) => !(primaryKeys[table] as readonly string[]).includes(c)).map(ident);
  await client.query(
    `INSERT INTO ${ident(schema)}.${ident(table)} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM ${fromJson(schema, table)}
     ON CONFLICT (${keys.join(', ')}) DO UPDATE SET (${updated.join(', ')}) = ROW(${updated.map((c) => `EXCLUDED.${c}`).join(', ')})`,
    [JSON.stringify(rows)],
  );
}

export function keyOf(table: EntityTable, row: object): string {
  const values = row as Record<string, unknown>;
  return primaryKeys[table].map((k) => String(values[k])).join('\u0000');
}

/** Identifiers here come from code and the schema-name pattern; quoting keeps keywords such as "date" safe. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The list of every column of a row type, no more, no fewer (checked at compile time). */
export function columnsOf<Row>() {
  return <const C extends ReadonlyArray<keyof Row & string>>(
    names: C & ([Exclude<keyof Row, C[number]>] extends [never] ? unknown : { missing: Exclude<keyof Row, C[number]> }),
  ): C => names;
}
