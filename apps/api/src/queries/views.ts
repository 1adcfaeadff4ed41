/**
 * The JSON documents the query endpoints return (documented in query-schemas.ts). Codes go
 * out as `{ code, label }` with the label in the negotiated language; dates as
 * "YYYY-MM-DD", instants as ISO 8601 UTC.
 *
 * This file holds what they share; cycle-views.ts, action-point-views.ts and dashboard-views.ts
 * build the documents of each endpoint from the rows of the read model.
 */

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  /** Items matching the filters, over all pages. */
  total: number;
}

/** An instant as ISO 8601 UTC, or null. */
export const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);
