import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from 'jest';
import { pathsToModuleNameMapper } from 'ts-jest';

const tsconfig = JSON.parse(readFileSync(join(__dirname, '..', 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};

/** Shared by the integration and e2e tiers: workspace path aliases, TypeScript through ts-jest. */
export const tierBase: Config = {
  rootDir: '..',
  // Only the sources: .suivi/ holds the Go module cache (the Temporal server's modules ship
  // Jest snapshot files, which a crawl of the whole repository reports as obsolete and fails on).
  roots: ['apps', 'libs', 'workflows', 'infra', 'test'].map((folder) => `<rootDir>/${folder}`),
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]sx?$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.spec.json' }],
    // As in libs/notifications/jest.config.cts: @react-email/render loads react-dom/server with
    // import(), which Jest's CommonJS sandbox runs only if TypeScript turns it into require().
    '/node_modules/@react-email/render/.+\\.cjs$': [
      'ts-jest',
      { tsconfig: '<rootDir>/libs/notifications/tsconfig.jest-render.json', diagnostics: false },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!@react-email/render/)'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'cjs', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(tsconfig.compilerOptions.paths, { prefix: '<rootDir>/' }),
};
