/**
 * A one-line, human-readable reason. Client libraries wrap the useful part in
 * `cause` (Temporal) or in an AggregateError with an empty message (pg and kafkajs
 * when every resolved address refuses), so both are unfolded here.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts: string[] = [];
  if (error.message) parts.push(error.message);
  if (error instanceof AggregateError && error.errors.length > 0) {
    parts.push(...new Set(error.errors.map(describeError)));
  }
  const code = (error as { code?: unknown }).code;
  if (parts.length === 0 && typeof code === 'string') parts.push(code);
  if (error.cause !== undefined && error.cause !== error) parts.push(describeError(error.cause));
  return parts.join(': ') || error.name;
}
