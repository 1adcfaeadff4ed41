import { z } from 'zod';

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/**
 * Validates the environment once, at start-up, against a typed schema.
 * Every problem names the variable, so the operator knows what to fix.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const value = env[variable];
    const shown = value === undefined ? 'not set' : `got "${redact(variable, value)}"`;
    return `${variable}: ${issue.message} (${shown})`;
  });
  throw new ConfigurationError(problems);
}

// Secrets must not end up in start-up error messages or logs.
function redact(variable: string, value: string): string {
  return /KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL/.test(variable) ? '<redacted>' : value;
}
