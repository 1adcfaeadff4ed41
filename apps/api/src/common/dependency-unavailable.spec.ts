import { isDependencyUnavailable } from './dependency-unavailable';

const withCode = (message: string, code: unknown) => Object.assign(new Error(message), { code });

describe('isDependencyUnavailable', () => {
  it.each([
    ['PostgreSQL shutting down (57P03)', withCode('the database system is shutting down', '57P03')],
    [
      'PostgreSQL stopped by an administrator (57P01)',
      withCode('terminating connection due to administrator command', '57P01'),
    ],
    ['a connection exception (class 08)', withCode('connection failure', '08006')],
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:10433', 'ECONNREFUSED')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    [
      'gRPC UNAVAILABLE from Temporal',
      Object.assign(withCode('14 UNAVAILABLE: No connection established', 14), { details: 'x' }),
    ],
    [
      'a cause that is one of these',
      new Error('Failed to query', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') }),
    ],
    [
      'one of several addresses refusing',
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')]),
    ],
  ])('is true for %s', (_, error) => {
    expect(isDependencyUnavailable(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'version')")],
    ['a constraint violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error in SQL', withCode('syntax error at or near "SELEC"', '42601')],
    ['a number code that is no gRPC error', withCode('odd', 14)],
    ['not an error', 'ECONNREFUSED'],
  ])('is false for %s', (_, error) => {
    expect(isDependencyUnavailable(error)).toBe(false);
  });
});
