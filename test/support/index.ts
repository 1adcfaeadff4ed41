export * from './poll-until';
export * from './stack-launcher';
