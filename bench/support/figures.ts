import { readFileSync } from 'node:fs';
/** Percentile of a sample (nearest rank); NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Every benchmark ends with exactly one JSON line of figures (what tools and notes read). */
export function printFigures(bench: string, figures: Record<string, number | string | boolean>): void {
  process.stdout.write(`${JSON.stringify({ bench, ...figures })}\n`);
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function pool<T>(
  items: T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) await task(items[i], i);
  });
  await Promise.all(runners);
}

export function rssMiB(pid: number): number {
  const status: string = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 'NaN');
  return round(kb / 1024);
}
