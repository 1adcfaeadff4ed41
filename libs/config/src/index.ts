export * from './lib/load-config';
export * from './lib/config-schemas';
export * from './lib/notifier-config';
