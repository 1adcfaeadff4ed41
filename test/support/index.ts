export * from './poll-until';
export * from './stack-launcher';
export * from './scratch-database';
export * from './mailpit';
