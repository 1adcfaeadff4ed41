import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: {
      // The browser talks to the API over HTTP only; server libraries never reach the bundle.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@suivi/*', '@temporalio/*', 'kafkajs', 'pg', 'node:*'],
              message: 'The web app depends only on the API’s generated types and its own code.',
            },
          ],
        },
      ],
    },
  },
];
