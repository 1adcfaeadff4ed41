module.exports = {
  displayName: 'notifier',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]sx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    // @react-email/render loads react-dom/server with import(), which Jest's CommonJS sandbox
    // runs only under --experimental-vm-modules: for the tests, TypeScript turns it into require().
    '/node_modules/@react-email/render/.+\\.cjs$': [
      'ts-jest',
      { tsconfig: '<rootDir>/../../libs/notifications/tsconfig.jest-render.json', diagnostics: false },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!@react-email/render/)'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'cjs', 'html'],
  coverageDirectory: '../../coverage/apps/notifier',
};
