/**
 * Whether an error says that a server the API depends on (PostgreSQL, Temporal, Kafka) cannot
 * be reached or is restarting, rather than that the API has a bug: the problem filter answers
 * these 503 with Retry-After instead of 500. The chaos suite saw PostgreSQL's restart answered
 * 500 "An unexpected error occurred" for 1.3 s (ADR 0030): a client cannot act on a 500, and
 * a retry of a keyed command is safe (ADR 0010).
 */

/** Node's socket errors when a server is down, restarting or unreachable. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * PostgreSQL SQLSTATEs of a server going away or not accepting connections yet: class 08
 * (connection exception), admin_shutdown, crash_shutdown, cannot_connect_now ("the database
 * system is starting up / shutting down"), too_many_connections.
 */
const POSTGRES_UNAVAILABLE = /^(08...|57P01|57P02|57P03|53300)$/;

/** node-postgres's own messages for a connection lost or never made. */
const POSTGRES_CLIENT_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
];

/** gRPC UNAVAILABLE (Temporal's frontend down or restarting), as @grpc/grpc-js reports it. */
const GRPC_UNAVAILABLE = 14;

export const DEPENDENCY_RETRY_AFTER_SECONDS = 2;

export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.test(code))) return true;
  if (code === GRPC_UNAVAILABLE && 'details' in error) return true;
  if (POSTGRES_CLIENT_MESSAGES.some((message) => error.message.includes(message))) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isDependencyUnavailable(inner, depth + 1))) {
    return true;
  }
  return error.cause !== undefined && error.cause !== error && isDependencyUnavailable(error.cause, depth + 1);
}
