export * from './lib/postgres-pool';
export * from './lib/migrations';
