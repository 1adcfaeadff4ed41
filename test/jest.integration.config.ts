import type { Config } from 'jest';
import { tierBase } from './jest.tier-base';

/** Integration tier: *.int-spec.ts beside the code, against real servers started once by the global setup. */
const config: Config = {
  displayName: 'integration',
  ...tierBase,
  testMatch: ['<rootDir>/{apps,libs,workflows}/**/*.int-spec.ts', '<rootDir>/test/integration/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120_000,
};

export default config;
