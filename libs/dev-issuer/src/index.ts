export * from './lib/demo-users';
export * from './lib/dev-issuer-keys';
export * from './lib/dev-oidc';
export * from './lib/dev-token';
