import { describeError } from './describe-error';

describe('describeError', () => {
  it('follows the cause chain', () => {
    const error = new Error('Failed to connect to Temporal server', { cause: new Error('14 UNAVAILABLE') });
    expect(describeError(error)).toBe('Failed to connect to Temporal server: 14 UNAVAILABLE');
  });

  it('unfolds an AggregateError that has no message of its own', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(describeError(new AggregateError([refused, refused], ''))).toBe('connect ECONNREFUSED 127.0.0.1:5432');
  });

  it('does not repeat a cause that says the same thing', () => {
    const error = new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092', {
      cause: new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092'),
    });
    expect(describeError(error)).toBe('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
  });

  it('falls back to the error code, then to the name', () => {
    expect(describeError(Object.assign(new Error(''), { code: 'ETIMEDOUT' }))).toBe('ETIMEDOUT');
    expect(describeError(new TypeError(''))).toBe('TypeError');
    expect(describeError('plain')).toBe('plain');
  });
});
