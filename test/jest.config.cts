module.exports = {
  displayName: 'architecture',
  preset: '../jest.preset.js',
  testEnvironment: 'node',
  // The chaos suite's checkers are pure functions: their specs run in the unit tier.
  testMatch: ['<rootDir>/architecture/**/*.spec.ts', '<rootDir>/chaos/**/*.spec.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  testTimeout: 60000,
};
