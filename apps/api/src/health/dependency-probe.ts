/**
 * One round trip to a dependency. Resolves with details worth showing in the
 * readiness report; rejects (with a useful message) when the dependency is unusable.
 */
export interface DependencyProbe {
  check(): Promise<Record<string, unknown>>;
}

export const TEMPORAL_PROBE = Symbol('TEMPORAL_PROBE');
export const KAFKA_PROBE = Symbol('KAFKA_PROBE');
export const POSTGRES_PROBE = Symbol('POSTGRES_PROBE');

/** Per-check budget: readiness must answer quickly even when a server hangs instead of refusing. */
export const READINESS_TIMEOUT_MS = Symbol('READINESS_TIMEOUT_MS');
export const DEFAULT_READINESS_TIMEOUT_MS = 2000;
