import type { Config } from 'jest';
import { tierBase } from './jest.tier-base';

/** End-to-end tier: test/e2e/*.e2e-spec.ts drive the whole stack the way a user does (`npm start`). */
const config: Config = {
  displayName: 'e2e',
  ...tierBase,
  testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
  testTimeout: 600_000,
};

export default config;
