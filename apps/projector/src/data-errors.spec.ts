import { dataErrorOf, describeDataError, errorCode, type DataError } from './data-errors';
import { databaseError } from './testing/in-memory-read-model';

describe('dataErrorOf', () => {
  it.each([
    ['22021', 'character_not_in_repertoire'],
    ['22P05', 'untranslatable_character'],
    ['22001', 'string_data_right_truncation'],
    ['23505', 'unique_violation'],
    ['23514', 'check_violation'],
    ['22Z99', 'data_exception'],
    ['54000', 'program_limit_exceeded'],
  ])('takes SQLSTATE %s for a property of the data (%s)', (code, condition) => {
    expect(dataErrorOf(databaseError(code))).toEqual({ sqlState: code, condition });
  });

  it.each([
    ['08006', 'connection failure'],
    ['57P01', 'admin shutdown'],
    ['57014', 'query canceled (statement timeout)'],
    ['40001', 'serialization failure'],
    ['40P01', 'deadlock'],
    ['53300', 'too many connections'],
    ['42P01', 'undefined table (a migration missing: every event would fail)'],
    ['ECONNREFUSED', 'no server'],
  ])('does not take %s (%s): retried, never poison', (code) => {
    expect(dataErrorOf(databaseError(code))).toBeNull();
  });

  it('does not take errors without a SQLSTATE', () => {
    expect(dataErrorOf(new TypeError('x is undefined'))).toBeNull();
    expect(dataErrorOf(undefined)).toBeNull();
    expect(dataErrorOf('22021')).toBeNull();
  });

  it('keeps the identifiers the server named, never its message (which may quote values)', () => {
    const error = databaseError('23502', 'null value in column "title" violates not-null constraint: Ms Secret', {
      table: 'cycles',
      column: 'title',
      detail: 'Failing row contains (KH-1, Ms Secret)',
    });
    const found = dataErrorOf(error);
    expect(found).toEqual({ sqlState: '23502', condition: 'not_null_violation', table: 'cycles', column: 'title' });
    expect(describeDataError(found as DataError)).toBe(
      'SQLSTATE 23502 not_null_violation (table cycles, column title)',
    );
  });

  it('ignores identifier fields that do not look like identifiers', () => {
    const found = dataErrorOf(databaseError('22021', 'x', { table: 'cycles; Ms Secret' }));
    expect(describeDataError(found as DataError)).toBe('SQLSTATE 22021 character_not_in_repertoire');
  });
});

describe('errorCode', () => {
  it('names an error by its code or class, never its message', () => {
    expect(errorCode(databaseError('57P01', 'terminating connection'))).toBe('57P01');
    expect(errorCode(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(
      'ECONNREFUSED',
    );
    expect(errorCode(new TypeError('Cannot read Ms Secret'))).toBe('TypeError');
    expect(errorCode('boom')).toBe('Error');
  });
});
