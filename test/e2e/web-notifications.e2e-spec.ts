/// <reference lib="dom" />
import { launch, stopLaunched, waitForReady, type LaunchedStack } from '@suivi/test-support';
import type { Browser, Page } from 'playwright-core';
import { accessibilityFindings, newContext, openBrowser, screenshot, signIn, type Language } from './support/browser';
import { demoUser } from './support/demo-users';
import { expectText } from './support/expect-text';

/**
 * The in-app side of reminders (issue 17) in a real Chromium against the whole stack: a
 * reviewer's preferences (a merge patch of what changed, kept across a reload), an unsubscribe
 * link confirmed on the preferences page, the inbox, and the dashboard's unassigned reminders
 * (not shown to a desk officer). The three screens are checked by axe and photographed in
 * English and in French. Whether the inbox holds rows depends on the reminders due so far: the
 * tests take either state.
 */
const reviewer = demoUser('demo.reviewer');
const desk = demoUser('demo.desk-officer');

const WORDS = {
  en: {
    preferences: 'Preferences',
    notifications: 'Notifications',
    dashboard: 'Dashboard',
    digest: 'Daily digest at 09:00 plus escalations at once',
    immediate: 'Every notification at once',
    dailyDigest: 'Send me the daily digest at 09:00',
    save: 'Save',
    saved: 'Preferences saved.',
    markAll: 'Mark all read',
    markRead: 'Mark read',
    unassigned: 'Unassigned reminders',
    digestOff: 'Turn off the daily digest',
    digestOffDone: 'Done: the daily digest is off.',
  },
  fr: {
    preferences: 'Préférences',
    notifications: 'Notifications',
    dashboard: 'Tableau de bord',
    digest: 'Récapitulatif quotidien à 09:00 et relances aussitôt',
    immediate: 'Chaque notification aussitôt',
    dailyDigest: 'M’envoyer le récapitulatif quotidien à 09:00',
    save: 'Enregistrer',
    saved: 'Préférences enregistrées.',
    markAll: 'Tout marquer comme lu',
    markRead: 'Marquer comme lue',
    unassigned: 'Rappels sans destinataire attitré',
    digestOff: 'Désactiver le récapitulatif quotidien',
    digestOffDone: 'C’est fait : le récapitulatif quotidien est désactivé.',
  },
} as const;

describe('notifications and preferences in Chromium (e2e profile)', () => {
  let launched: LaunchedStack | undefined;
  let browser: Browser;
  const findings: string[] = [];

  beforeAll(async () => {
    launched = launch('start', 'e2e');
    await waitForReady(launched, 540_000);
    browser = await openBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    if (launched) expect(await stopLaunched(launched)).toBe(0);
  });

  async function as(language: Language, path: string, who = reviewer): Promise<Page> {
    const page = await (await newContext(browser, language)).newPage();
    await signIn(page, who, language, path);
    return page;
  }

  async function look(page: Page, language: Language, name: string): Promise<void> {
    await page
      .getByText(/Loading…|Chargement…/)
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    findings.push(...(await accessibilityFindings(page)));
    await screenshot(page, language, name);
  }

  const preferencesForm = (page: Page, language: Language) =>
    page.getByRole('form', { name: WORDS[language].preferences });

  /** Saves the form and waits for the API's answer and the page's notice; gives the request sent. */
  async function save(page: Page, language: Language) {
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === '/v1/me',
    );
    await preferencesForm(page, language).getByRole('button', { name: WORDS[language].save, exact: true }).click();
    const response = await answered;
    expect(response.status()).toBe(200);
    await expectText(page.getByTestId('preferences-saved'), WORDS[language].saved);
    return response.request();
  }

  /** The inbox as it is: its empty state or its table; then everything marked read, if anything was unread. */
  async function inbox(page: Page, language: Language): Promise<void> {
    const w = WORDS[language];
    await page.getByRole('link', { name: new RegExp(`^${w.notifications}`) }).click();
    await page.getByRole('heading', { level: 1, name: w.notifications }).waitFor();
    await page.getByTestId('notifications-empty').or(page.getByTestId('notifications-table')).first().waitFor();
    const markAll = page.getByRole('button', { name: w.markAll, exact: true });
    if ((await markAll.count()) > 0) {
      await look(page, language, 'notifications-unread');
      await markAll.click();
      await page.getByTestId('notifications-notice').waitFor();
      await markAll.waitFor({ state: 'detached' });
      await page.getByTestId('unread-count').waitFor({ state: 'detached' });
    }
    expect(await page.getByRole('button', { name: w.markRead, exact: true }).count()).toBe(0);
    await look(page, language, 'notifications');
  }

  /** The dashboard's section of unassigned reminders: the list, or the sentence saying there is none. */
  async function unassigned(page: Page, language: Language): Promise<void> {
    const w = WORDS[language];
    await page.getByRole('link', { name: w.dashboard, exact: true }).click();
    const section = page.getByTestId('unassigned-reminders');
    await section.getByRole('heading', { level: 2, name: new RegExp(`^${w.unassigned}`) }).waitFor();
    await section.getByTestId('unassigned-none').or(section.getByRole('table')).first().waitFor();
    await look(page, language, 'dashboard-unassigned');
  }

  it('a reviewer switches e-mail delivery to “immediate”, saves only that, and finds it kept after a reload', async () => {
    const page = await as('en', '/');
    const w = WORDS.en;
    await page.getByRole('link', { name: w.preferences, exact: true }).click();
    const form = preferencesForm(page, 'en');
    await form.waitFor();
    if (await form.getByRole('radio', { name: w.immediate }).isChecked()) {
      // A stack kept from an earlier run: back to the default first, so that the switch is a change.
      await form.getByRole('radio', { name: w.digest }).check();
      await save(page, 'en');
    }
    await form.getByRole('radio', { name: w.immediate }).check();
    const sent = await save(page, 'en');
    expect(sent.headers()['content-type']).toBe('application/merge-patch+json');
    expect(sent.postDataJSON()).toEqual({ delivery: 'immediate' });

    await page.reload();
    await form.waitFor();
    expect(await form.getByRole('radio', { name: w.immediate }).isChecked()).toBe(true);
    expect(await form.getByRole('radio', { name: w.digest }).isChecked()).toBe(false);
    await look(page, 'en', 'preferences');
    await page.context().close();
  }, 120_000);

  it('the reviewer opens the inbox and marks everything read', async () => {
    const page = await as('en', '/');
    await inbox(page, 'en');
    await page.context().close();
  }, 120_000);

  it('the reviewer’s dashboard shows the unassigned reminders; a desk officer’s does not', async () => {
    const page = await as('en', '/');
    await unassigned(page, 'en');
    await page.context().close();

    const deskPage = await as('en', '/dashboard', desk);
    await deskPage.getByRole('heading', { level: 1, name: WORDS.en.dashboard }).waitFor();
    await deskPage.getByRole('table', { name: WORDS.en.dashboard }).waitFor();
    expect(await deskPage.getByTestId('unassigned-reminders').count()).toBe(0);
    await deskPage.context().close();
  }, 120_000);

  it('in French: an unsubscribe link confirmed on the preferences page, the inbox and the dashboard', async () => {
    const w = WORDS.fr;
    // Where the API sends a browser that opened an e-mail's unsubscribe link (GET changes nothing).
    const page = await as('fr', '/preferences?unsubscribe=digest-off');
    const notice = page.getByTestId('unsubscribe-notice');
    await notice.waitFor();
    const form = preferencesForm(page, 'fr');
    await form.waitFor();
    const digest = form.getByRole('checkbox', { name: w.dailyDigest });
    const turnOff = notice.getByRole('button', { name: w.digestOff });
    if ((await turnOff.count()) > 0) {
      await look(page, 'fr', 'preferences-unsubscribe');
      await turnOff.click();
      await expectText(page.getByTestId('preferences-saved'), w.digestOffDone);
      await notice.waitFor({ state: 'detached' });
      expect(new URL(page.url()).search).toBe('');
    }
    expect(await digest.isChecked()).toBe(false);
    // And back on, through the form.
    await digest.check();
    const sent = await save(page, 'fr');
    expect(sent.postDataJSON()).toEqual({ dailyDigest: true });
    await look(page, 'fr', 'preferences');

    await inbox(page, 'fr');
    await unassigned(page, 'fr');
    await page.context().close();
  }, 180_000);

  it('finds no serious or critical accessibility problem on these screens', () => {
    expect(findings).toEqual([]);
  });
});
