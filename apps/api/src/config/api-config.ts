import { z } from 'zod';
import { apiConfigSchema, ConfigurationError, loadConfig, type ApiConfig } from '@suivi/config';
import { parseCodecKeys } from '@suivi/temporal';

export const API_CONFIG = Symbol('API_CONFIG');

const milliseconds = z.coerce.number({ message: 'expected milliseconds' }).int({ message: 'expected milliseconds' });

/**
 * How the API behaves when no worker processes cycle commands (ADR 0015): how long a command
 * waits for its Update to be delivered before answering 503, what Retry-After it suggests, and
 * how stale the task queue's last worker poll may be before readiness reports the worker down.
 */
export const workerAvailabilitySchema = z.object({
  /** A command whose Update is not accepted within this bound answers 503 WORKER_UNAVAILABLE. */
  COMMAND_DELIVERY_TIMEOUT_MS: milliseconds
    .min(1000, 'expected at least 1000 ms')
    .max(120_000, 'expected at most 120000 ms')
    .default(10_000),
  /** Retry-After (seconds) of that 503. */
  COMMAND_RETRY_AFTER_SECONDS: z.coerce
    .number({ message: 'expected seconds' })
    .int({ message: 'expected whole seconds' })
    .min(1, 'expected at least 1 s')
    .max(300, 'expected at most 300 s')
    .default(5),
  /**
   * Readiness reports the worker down when no poller of the cycle task queue (workflow and
   * activity tasks) was seen for this long. Must exceed the Temporal server's idle long poll
   * (matching.longPollExpirationInterval, 60 s by default; the launcher's dev server uses 10 s
   * and sets 20000 here).
   */
  READINESS_WORKER_MAX_POLL_AGE_MS: milliseconds.min(1000, 'expected at least 1000 ms').default(90_000),
});
export type WorkerAvailabilityConfig = z.infer<typeof workerAvailabilitySchema>;

/** The API configuration with the worker-availability settings (what readApiConfig returns). */
export type ApiSettings = ApiConfig & WorkerAvailabilityConfig;

/**
 * The worker-availability settings of a configuration; the defaults when it was built without
 * them (a configuration object made by hand in a test).
 */
export function workerAvailabilityOf(config: ApiConfig): WorkerAvailabilityConfig {
  const settings = config as Partial<WorkerAvailabilityConfig>;
  return {
    COMMAND_DELIVERY_TIMEOUT_MS: settings.COMMAND_DELIVERY_TIMEOUT_MS ?? 10_000,
    COMMAND_RETRY_AFTER_SECONDS: settings.COMMAND_RETRY_AFTER_SECONDS ?? 5,
    READINESS_WORKER_MAX_POLL_AGE_MS: settings.READINESS_WORKER_MAX_POLL_AGE_MS ?? 90_000,
  };
}

/**
 * Validates the environment once, at start-up. The codec keys are decoded here too:
 * the schema only checks their syntax, and a key of the wrong length must stop
 * start-up rather than surface later on the first Temporal call.
 */
export function readApiConfig(env: Record<string, string | undefined> = process.env): ApiSettings {
  const problems: string[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const config = attempt(() => loadConfig(apiConfigSchema, env));
  const availability = attempt(() => loadConfig(workerAvailabilitySchema, env));
  if (config) {
    try {
      parseCodecKeys(config.TEMPORAL_CODEC_KEYS);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length || !config || !availability) throw new ConfigurationError(problems);
  return { ...config, ...availability };
}
