import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { DemoUser } from '@suivi/dev-issuer';
import { suiviHome } from '@suivi/test-support';
import { API } from './api-client';

/**
 * The web app in a real Chromium (the distribution's, found or installed by the launcher:
 * SUIVI_CHROMIUM), signed in through the development OpenID provider as a person would.
 */
export async function openBrowser(): Promise<Browser> {
  const executablePath = process.env['SUIVI_CHROMIUM'];
  if (!executablePath) throw new Error('SUIVI_CHROMIUM is not set: run the e2e tier through `npm test`');
  return chromium.launch({ executablePath, args: ['--no-sandbox'] });
}

export type Language = 'en' | 'fr';

/** A fresh browser profile (no cookies, no storage) whose preferred language is `language`. */
export function newContext(browser: Browser, language: Language): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: API,
    locale: language === 'fr' ? 'fr-FR' : 'en-GB',
    timezoneId: 'Europe/Brussels',
    viewport: { width: 1366, height: 900 },
  });
}

const SIGN_IN: Record<Language, string> = { en: 'Sign in', fr: 'Se connecter' };

/** Signs in from the app's sign-in page, choosing the demo user on the provider's page. */
export async function signIn(page: Page, user: DemoUser, language: Language, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByRole('button', { name: SIGN_IN[language], exact: true }).click();
  await page.getByRole('button', { name: new RegExp(user.name) }).click();
  await page.getByTestId('signed-in-as').waitFor();
}

export const screenshotDir = (language: Language) => join(suiviHome(), 'e2e', 'screenshots', language);

/** Saves what the user sees (full page) for people to look at, under .suivi/e2e/screenshots. */
export async function screenshot(page: Page, language: Language, name: string): Promise<void> {
  mkdirSync(screenshotDir(language), { recursive: true });
  await page.screenshot({ path: join(screenshotDir(language), `${name}.png`), fullPage: true });
}

/** Serious or critical WCAG 2.1 AA findings of axe on the page as it is (none expected). */
export async function accessibilityFindings(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${page.url()}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
