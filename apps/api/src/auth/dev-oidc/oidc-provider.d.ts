// oidc-provider ships no type declarations; mount-dev-oidc-provider.ts types what it uses.
declare module 'oidc-provider';
