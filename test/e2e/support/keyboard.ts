/// <reference lib="dom" />
import type { Page } from 'playwright-core';

/** Where the keyboard focus is on a page, and moving it there with Tab as a keyboard-only user does. */

export interface Focused {
  id: string;
  name: string;
  type: string;
  value: string;
  focusVisible: boolean;
}

/** What has the keyboard focus: its id, accessible name (label or text), type and value. */
export async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el) return { id: '', name: '', type: '', value: '', focusVisible: false };
    const label = el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '';
    return {
      id: el.id,
      name: label.trim(),
      type: el.type ?? '',
      value: el.value ?? '',
      // Keyboard focus, drawn: an outline or a focus ring (ECL uses either).
      focusVisible:
        el.matches(':focus-visible') &&
        (getComputedStyle(el).outlineStyle !== 'none' || getComputedStyle(el).boxShadow !== 'none'),
    };
  });
}

/** Presses Tab until the focus is on what `wanted` describes (it must be reachable by keyboard). */
export async function tabTo(page: Page, wanted: (el: Focused) => boolean, maxPresses = 400): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    if (wanted(await focused(page))) return;
  }
  throw new Error(`not reachable with Tab within ${maxPresses} presses (last: ${JSON.stringify(await focused(page))})`);
}
