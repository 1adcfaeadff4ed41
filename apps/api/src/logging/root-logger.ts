/** The pino instance built by main.ts with @suivi/logging (JSON lines, redaction), shared through DI. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** The `service` field of every API log line. */
export const LOG_SERVICE_NAME = 'api';
