import { referenceData } from '@suivi/domain';

/**
 * SQL of the read queries, built from validated filters: every value travels as a bind
 * parameter, and only fixed fragments of the *-sql.ts files become SQL text. Queries read the
 * stable `read_model` views (the current generation). Dates are cast to text so that
 * "YYYY-MM-DD" never passes through a JavaScript Date and a server time zone.
 *
 * This file holds what the queries share: bind values, theme expansion and the conditions
 * on action points that several queries count or filter on. cycles-sql.ts, action-points-sql.ts,
 * dashboard-sql.ts and calendar-sql.ts build the queries themselves.
 */

export interface SqlQuery {
  text: string;
  values: unknown[];
}

/** Collects bind values and hands out their placeholders. */
export class Binds {
  readonly values: unknown[] = [];

  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

/** Open and committed: what reminders, the overdue count and the calendar are about. */
export const AGREED_OPEN_STATUSES = ['AGREED', 'IN_PROGRESS'] as const;

/** A pillar ("I") stands for itself and its themes ("I.A", "I.B", ...). */
export function expandThemes(codes: readonly string[]): string[] {
  const expanded = new Set<string>();
  for (const code of codes) {
    expanded.add(code);
    const pillar = referenceData.actionPlanTaxonomy.pillars.find((p) => p.code === code);
    for (const theme of pillar?.themes ?? []) expanded.add(theme.code);
  }
  return [...expanded];
}

// ---------------------------------------------------------------------------------------
// Conditions on action points `ap` of cycle `c`, shared by the lists, filters and counts

/** Agreed, not yet done, in a running cycle, and its deadline passed in the cycle's time zone. */
export function overdueCondition(ap: string, c: string): string {
  return `(${ap}.status IN ('AGREED', 'IN_PROGRESS') AND ${c}.status = 'ACTIVE'
    AND ${ap}.deadline < read_model_control.local_today(${c}.time_zone))`;
}

/**
 * Awaiting assessment: progress was reported and no assessment yet (an assessment is final, so
 * "since the last assessment" is "since none"), not withdrawn, in a running cycle (a closed one
 * takes no assessment).
 */
export function awaitingAssessmentCondition(ap: string, c: string): string {
  return `(${ap}.progress_reports > 0 AND ${ap}.assessment IS NULL AND ${ap}.status IN ('AGREED', 'IN_PROGRESS')
    AND ${c}.status = 'ACTIVE')`;
}
