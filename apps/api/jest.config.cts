module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/api',
  // Many specs start the whole Nest app in a hook; on a busy 2-core machine that can pass 5 s.
  // (Run alone; the unit tier runs every project at once and takes the root config's timeout.)
  testTimeout: 30_000,
};
