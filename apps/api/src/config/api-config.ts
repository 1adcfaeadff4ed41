import { apiConfigSchema, ConfigurationError, loadConfig, type ApiConfig } from '@suivi/config';
import { parseCodecKeys } from '@suivi/temporal';

export const API_CONFIG = Symbol('API_CONFIG');

/**
 * Validates the environment once, at start-up. The codec keys are decoded here too:
 * the schema only checks their syntax, and a key of the wrong length must stop
 * start-up rather than surface later on the first Temporal call.
 */
export function readApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const config = loadConfig(apiConfigSchema, env);
  try {
    parseCodecKeys(config.TEMPORAL_CODEC_KEYS);
  } catch (error) {
    throw new ConfigurationError([error instanceof Error ? error.message : String(error)]);
  }
  return config;
}
