/**
 * Remembers a pure function's results by a text key. Reminder schedules are recomputed
 * from the state after every change, and their date arithmetic (time-zone rules, ISO
 * parsing) dominated a command's cost in the workflow; the answers never change, so
 * they are kept. Bounded: the whole memory is dropped when it is full (simple, and a
 * cycle's working set is small). Safe in workflow code: only the speed depends on it.
 */
export function memoizeByKey<A extends unknown[], R>(
  key: (...args: A) => string,
  compute: (...args: A) => R,
  maxEntries = 20_000,
): (...args: A) => R {
  const results = new Map<string, R>();
  return (...args: A): R => {
    const k = key(...args);
    if (results.has(k)) return results.get(k) as R;
    const result = compute(...args);
    if (results.size >= maxEntries) results.clear();
    results.set(k, result);
    return result;
  };
}
