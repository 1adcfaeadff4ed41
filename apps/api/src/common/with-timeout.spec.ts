import { TimeoutError, withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('resolves with the work when it finishes first', async () => {
    await expect(withTimeout(Promise.resolve(42), 50, 'late')).resolves.toBe(42);
  });

  it('rejects with a TimeoutError when the work hangs', async () => {
    const hanging = new Promise<never>(() => undefined);
    await expect(withTimeout(hanging, 20, 'kafka did not answer')).rejects.toEqual(
      new TimeoutError('kafka did not answer'),
    );
  });

  it('passes the work error through', async () => {
    await expect(withTimeout(Promise.reject(new Error('refused')), 50, 'late')).rejects.toThrow('refused');
  });
});
