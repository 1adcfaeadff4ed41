export * from './lib/temporal-codec';
