export * from './lib/dev-issuer-keys';
export * from './lib/dev-token';
