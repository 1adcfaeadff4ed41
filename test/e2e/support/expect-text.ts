import type { Page } from 'playwright-core';

/** Waits until the locator's text contains `text` (or fails after `timeoutMs`, saying what it last held). */
export async function expectText(
  locator: ReturnType<Page['locator']>,
  text: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.textContent().catch(() => '')) ?? '';
    if (last.includes(text)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`expected "${text}" in "${last}"`);
}
