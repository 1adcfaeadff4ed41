export * from './lib/cycle-id';
export * from './lib/cycle/cycle-types';
export * from './lib/cycle/commands';
export * from './lib/cycle/command-catalogue';
export {
  cycleCommandSchemas,
  type CycleCommandSchemas,
  DEFAULT_PRIORITY,
  LIMITS as COMMAND_LIMITS,
} from './lib/cycle/command-schemas';
export * from './lib/cycle/events';
export * from './lib/cycle/event-labels';
export * from './lib/cycle/state';
export * from './lib/cycle/decider';
export * from './lib/cycle/decide';
export * from './lib/cycle/evolve';
export * from './lib/cycle/event-id';
export * from './lib/cycle/decide-and-evolve';
export * from './lib/cycle/reminders';
export * from './lib/cycle/withdrawal';
export * from './lib/cycle/current-stage';
export { isInstant, isLocalDate, addDays, addMonths } from './lib/cycle/dates';
export * from './lib/text-fields';
export * from './lib/reference-data';
