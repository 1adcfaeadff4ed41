import { pino, type DestinationStream, type Logger } from 'pino';

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** One JSON line per event on stdout; the level is written as its name so humans and log pipelines agree. */
export function createRootLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'suivi-api', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}
