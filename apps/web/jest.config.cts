module.exports = {
  displayName: 'web',
  preset: '../../jest.preset.js',
  // The screens are tested in a real Chromium (test/e2e/web-*.e2e-spec.ts); unit tests here
  // cover the web app's pure modules (problem mapping, schema-driven forms, formats, messages).
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]sx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  coverageDirectory: '../../coverage/apps/web',
};
