import type { Config } from 'jest';
import { tierBase } from './jest.tier-base';

/**
 * Chaos tier: test/chaos/*.chaos-spec.ts start the replicated stack of the chaos profile
 * through the launcher and inject faults under load (ADR 0030). Not part of `npm test`.
 */
const config: Config = {
  displayName: 'chaos',
  ...tierBase,
  testMatch: ['<rootDir>/test/chaos/**/*.chaos-spec.ts'],
  testTimeout: 20 * 60_000,
};

export default config;
