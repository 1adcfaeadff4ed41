export * from './lib/codec-keys';
export * from './lib/aes-gcm-payload-codec';
export * from './lib/codec-http';
export * from './lib/temporal-client';
export * from './lib/cycle-client';
