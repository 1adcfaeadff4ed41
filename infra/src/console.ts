/** Progress lines for people watching `npm start` / `npm test`. */
export function say(message: string): void {
  process.stdout.write(`[suivi] ${message}\n`);
}

/** Runs a long step, printing a line every few seconds so the terminal never looks stuck. */
export async function withProgress<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  say(`${label}...`);
  const timer = setInterval(() => say(`${label}... ${Math.round((Date.now() - started) / 1000)} s`), 5000);
  try {
    const result = await work();
    say(`${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } finally {
    clearInterval(timer);
  }
}
