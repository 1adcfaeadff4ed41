export * from './lib/cycle-id';
