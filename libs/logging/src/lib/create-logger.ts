import pino, { type Logger } from 'pino';

/**
 * Paths never written in clear, whatever a caller passes: credentials, and any field
 * that could carry a person's identity (individual cases must not reach the logs).
 */
export const redactedPaths = [
  '*.password',
  '*.token',
  '*.authorization',
  'headers.authorization',
  '*.databaseUrl',
  '*.DATABASE_URL',
  '*.TEMPORAL_CODEC_KEYS',
  '*.personName',
  '*.individualCase',
];

/** JSON lines on stdout; the launcher sends each process's stdout to .suivi/logs/<process>.log. */
export function createLogger(service: string, level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
