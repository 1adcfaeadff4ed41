module.exports = {
  displayName: 'cycle-workflow-api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // Types and ids only so far: `nx run-many -t test` must not fail on a library without tests.
  passWithNoTests: true,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/libs/cycle-workflow-api',
};
