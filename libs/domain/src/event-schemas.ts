// Secondary entry point: the domain events' schemas (zod), kept out of the main entry so that
// workflow code, which imports '@suivi/domain' and needs only the events' types, does not load them.
export { cycleEventSchemas } from './lib/cycle/event-schemas';
