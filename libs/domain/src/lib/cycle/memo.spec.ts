import { memoizeByKey } from './memo';

describe('memoizeByKey', () => {
  it('computes once per key and returns the remembered result', () => {
    const calls: string[] = [];
    const upper = memoizeByKey(
      (s: string) => s,
      (s: string) => {
        calls.push(s);
        return s.toUpperCase();
      },
    );
    expect([upper('a'), upper('b'), upper('a')]).toEqual(['A', 'B', 'A']);
    expect(calls).toEqual(['a', 'b']);
  });

  it('forgets everything when full, then recomputes correctly', () => {
    let computed = 0;
    const double = memoizeByKey(
      (n: number) => String(n),
      (n: number) => {
        computed++;
        return n * 2;
      },
      2,
    );
    expect([double(1), double(2), double(3), double(1)]).toEqual([2, 4, 6, 2]);
    expect(computed).toBe(4);
  });

  it('does not remember failures', () => {
    let attempts = 0;
    const failing = memoizeByKey(
      (s: string) => s,
      (s: string) => {
        attempts++;
        if (s === 'bad') throw new RangeError('bad input');
        return s;
      },
    );
    expect(() => failing('bad')).toThrow(RangeError);
    expect(() => failing('bad')).toThrow(RangeError);
    expect(attempts).toBe(2);
  });
});
