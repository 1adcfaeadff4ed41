export * from './lib/cycle-workflow-api';
