/**
 * A one-line, human-readable reason. Client libraries wrap the useful part in
 * `cause` (Temporal, kafkajs) or in an AggregateError with an empty message (pg
 * when every resolved address refuses), so both are unfolded; a part already
 * said (kafkajs repeats its cause's message) is not repeated.
 */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  collect(error, parts);
  return parts.join(': ');
}

function collect(error: unknown, parts: string[]): void {
  const add = (part: string) => {
    if (part && !parts.some((said) => said.includes(part))) parts.push(part);
  };
  if (!(error instanceof Error)) return add(String(error));
  const before = parts.length;
  add(error.message);
  if (error instanceof AggregateError) error.errors.forEach((inner) => collect(inner, parts));
  const code = (error as { code?: unknown }).code;
  if (parts.length === before && typeof code === 'string') add(code);
  if (error.cause !== undefined && error.cause !== error) collect(error.cause, parts);
  // Only an error with nothing else to say is described by its class name.
  if (parts.length === before && !error.message) add(error.name);
}
