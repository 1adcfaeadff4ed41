/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { DEMO_USERS, type DemoUser } from '@suivi/dev-issuer';
import { launch, stopLaunched, waitForReady, type LaunchedStack } from '@suivi/test-support';
import type { Browser, Page } from 'playwright-core';
import { call, cycleAt, dateIn, proposal, startCycle, token } from './support/api-client';
import { accessibilityFindings, newContext, openBrowser, screenshot, signIn, type Language } from './support/browser';
import { demoUser } from './support/demo-users';
import { expectText } from './support/expect-text';
import { WORDS } from './support/journey-words';
import { focused, tabTo } from './support/keyboard';

/**
 * The web app's journeys (issue 16), in a real Chromium against the whole stack started by the
 * launcher: each role does its part on one GSP+ cycle, through the screens only, in English and
 * in French; every screen visited is checked by axe and photographed for people to look at.
 */
const desk = demoUser('demo.desk-officer');
const delegation = demoUser('demo.delegation-vn');
const reviewer = demoUser('demo.reviewer');
const auditor = demoUser('demo.auditor');
const outsider = DEMO_USERS.find((u) => u.role === 'desk-officer' && !u.countries.includes('VN')) as DemoUser;

describe('the web app in Chromium (e2e profile)', () => {
  let launched: LaunchedStack | undefined;
  let browser: Browser;
  const findings: string[] = [];
  const cspViolations: string[] = [];
  const run = randomUUID().slice(0, 8);
  let cycleUrl = '';

  beforeAll(async () => {
    launched = launch('start', 'e2e');
    await waitForReady(launched, 540_000);
    browser = await openBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    if (launched) expect(await stopLaunched(launched)).toBe(0);
  });

  /** A signed-in page of this user, in this language. */
  async function as(who: DemoUser, language: Language, path = '/'): Promise<Page> {
    const context = await newContext(browser, language);
    const page = await context.newPage();
    // The policy allows the page's inline early request by its hash: a refusal would only show here.
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
        cspViolations.push(message.text());
      }
    });
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

  const form = (page: Page, name: string) => page.getByRole('form', { name });
  const row = (page: Page, actionPointId: string) => page.getByTestId(`action-point-${actionPointId}`);
  /** Opens an action point's actions (a disclosure in its row) and picks one. */
  async function rowAction(page: Page, actionPointId: string, name: string): Promise<void> {
    const toggle = row(page, actionPointId).getByRole('button', { name: new RegExp(` ${actionPointId}$`) });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await row(page, actionPointId).getByRole('button', { name, exact: true }).click();
  }

  /** The desk officer's part: a GSP+ cycle, a round, agreed action points (through the forms). */
  async function startCycleWithRound(page: Page, language: Language, title: string, items: number): Promise<string> {
    const w = WORDS[language];
    await page.getByRole('link', { name: language === 'en' ? 'Cycles' : 'Cycles', exact: true }).click();
    await look(page, language, 'cycles');
    await page.getByRole('button', { name: w.start }).click();
    const start = form(page, w.start);
    await start.locator('#command-cycles-country').fill('VN');
    await start.locator('#command-cycles-title').fill(title);
    await start.locator('#command-cycles-timeZone').selectOption('Asia/Ho_Chi_Minh');
    await start.locator('#command-cycles-type').selectOption('GSP_PLUS_MONITORING');
    await look(page, language, 'start-cycle-form');
    await start.getByRole('button', { name: w.submit }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: 30_000 });
    const url = page.url();

    await page.getByRole('button', { name: w.schedule }).click();
    const schedule = form(page, w.schedule);
    await schedule.locator('#command-cycles_rounds-date').fill(dateIn(7));
    await schedule.getByRole('button', { name: w.submit }).click();
    await page.getByRole('heading', { level: 3, name: /^R1/ }).waitFor({ timeout: 30_000 });

    for (let i = 1; i <= items; i++) {
      await page.getByRole('button', { name: w.propose }).click();
      const propose = form(page, w.propose);
      await propose.locator('#command-cycles_action-points-text').fill(`Item ${i} of ${title}.`);
      await propose.locator('#command-cycles_action-points-owner').selectOption('PARTNER');
      await propose.locator('#command-cycles_action-points-deadline').fill(dateIn(30 + i));
      await propose.getByRole('checkbox', { name: /^I\.A/ }).check();
      if (i === 1) await look(page, language, 'propose-form');
      await propose.getByRole('button', { name: w.submit }).click();
      await row(page, `AP${i}`).waitFor({ timeout: 30_000 });
      await rowAction(page, `AP${i}`, w.agree);
      await form(page, w.agree).getByRole('button', { name: w.submit }).click();
      await row(page, `AP${i}`).getByRole('button', { name: w.agree, exact: true }).waitFor({ state: 'detached' });
    }
    return url;
  }

  it('a desk officer starts a GSP+ cycle, schedules a round, proposes and agrees three action points', async () => {
    const page = await as(desk, 'en');
    await look(page, 'en', 'my-work');
    cycleUrl = await startCycleWithRound(page, 'en', `GSP+ monitoring of Viet Nam ${run}`, 3);
    await look(page, 'en', 'cycle');
    for (const id of ['AP1', 'AP2', 'AP3']) await expectText(row(page, id), 'Agreed');
    await page.context().close();
  }, 300_000);

  it('a refused form shows the API’s message beside the field', async () => {
    const page = await as(desk, 'en', new URL(cycleUrl).pathname);
    await page.getByRole('button', { name: WORDS.en.propose }).click();
    const propose = form(page, WORDS.en.propose);
    // A round the cycle does not have: the schema lets it through, the cycle refuses it.
    await propose.locator('#command-cycles_action-points-roundId').fill('R9');
    await propose.locator('#command-cycles_action-points-text').fill('An item for a round that does not exist.');
    await propose.locator('#command-cycles_action-points-owner').selectOption('EU');
    await propose.locator('#command-cycles_action-points-deadline').fill(dateIn(40));
    await propose.getByRole('checkbox', { name: /^II\.A/ }).check();
    await propose.getByRole('button', { name: WORDS.en.submit }).click();
    const message = propose.getByTestId('error-roundId');
    await message.waitFor();
    expect(await message.textContent()).toMatch(/R9|round/i);
    expect(await propose.locator('#command-cycles_action-points-roundId').getAttribute('aria-invalid')).toBe('true');
    await look(page, 'en', 'refused-form');
    await page.context().close();
  }, 120_000);

  it('the delegation of that country reports progress and is not offered to agree', async () => {
    const page = await as(delegation, 'en', new URL(cycleUrl).pathname);
    // Every action point offers the delegation one command: reporting progress (never agreeing).
    // A row's commands are drawn when its list is opened, as a user opens it.
    const lists = page.locator('[data-testid^="action-point-"] button[aria-expanded]');
    await lists.first().waitFor();
    for (const list of await lists.all()) await list.click();
    const offered = await page
      .locator('[data-testid^="action-point-"] .suivi-row-actions__list button')
      .allTextContents();
    expect(offered.length).toBeGreaterThanOrEqual(3);
    expect(new Set(offered)).toEqual(new Set([WORDS.en.report]));
    expect(await page.getByRole('button', { name: WORDS.en.schedule }).count()).toBe(0);
    await rowAction(page, 'AP1', WORDS.en.report);
    const report = form(page, WORDS.en.report);
    await report.locator('#command-cycles_action-points_progress-reports-text').fill('The draft law was tabled.');
    await report
      .locator('#command-cycles_action-points_progress-reports-reportedOn')
      .fill(new Date().toISOString().slice(0, 10));
    await report.getByRole('button', { name: WORDS.en.submit }).click();
    await page.getByText(WORDS.en.done).waitFor();
    await look(page, 'en', 'cycle-delegation');
    await page.context().close();
  }, 120_000);

  it('a reviewer assesses an action point', async () => {
    const page = await as(reviewer, 'en', new URL(cycleUrl).pathname);
    await rowAction(page, 'AP1', WORDS.en.assess);
    const assess = form(page, WORDS.en.assess);
    await assess.locator('#command-cycles_action-points_assessment-assessment').selectOption('COMPLETED');
    await assess.getByRole('button', { name: WORDS.en.submit }).click();
    await expectText(row(page, 'AP1'), 'Completed', 30_000);
    await page.context().close();
  }, 120_000);

  it('the desk officer closes the round and sees the two open action points carried over', async () => {
    const page = await as(desk, 'en', new URL(cycleUrl).pathname);
    await page.getByRole('button', { name: WORDS.en.closeRound }).click();
    const close = form(page, WORDS.en.closeRound);
    await close.locator('#command-cycles_rounds_close-nextRound-date').fill(dateIn(90));
    await close.getByRole('button', { name: WORDS.en.submit }).click();
    await expectText(page.getByTestId('carried-R1'), WORDS.en.carried(2), 30_000);
    await look(page, 'en', 'cycle-round-closed');
    await page.context().close();
  }, 120_000);

  it('an auditor reads the cycle with who did what, and is offered no command', async () => {
    const page = await as(auditor, 'en', new URL(cycleUrl).pathname);
    await page.getByRole('heading', { level: 2, name: 'Timeline' }).waitFor();
    expect(await page.locator('.suivi-timeline').textContent()).toContain(desk.id);
    expect(await page.locator('main button', { hasText: /Agree|Assess|Propose|Schedule|Close/ }).count()).toBe(0);
    // Opened again from its address: the cycle's document is asked for once (early, before the
    // app is up: app/early-fetch.ts), not a second time by the page.
    const documentPath = new URL(cycleUrl).pathname.replace(/^\/cycles\//, '/v1/cycles/');
    const asked: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === documentPath) asked.push(request.url());
    });
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Timeline' }).waitFor();
    expect(await page.locator('.suivi-timeline').textContent()).toContain(desk.id);
    expect(asked).toHaveLength(1);
    await look(page, 'en', 'cycle-auditor');
    await page.context().close();
  }, 120_000);

  it('a long timeline shows its latest entries at first, and every entry on request', async () => {
    const deskToken = await token('e2e.long-timeline', 'desk-officer', ['KH']);
    const cycleId = await startCycle(deskToken, 'KH', 'Long timeline (e2e)');
    let version = (
      await call<{ version: number }>('POST', `/v1/cycles/${cycleId}/rounds`, {
        token: deskToken,
        body: { date: dateIn(10) },
      })
    ).body.version;
    for (let i = 1; i <= 12; i++) {
      const reply = await call<{ version: number }>('POST', `/v1/cycles/${cycleId}/action-points`, {
        token: deskToken,
        body: { ...proposal(`AP${i}`), agreed: true },
      });
      expect(reply.status).toBe(200);
      version = reply.body.version;
    }
    await cycleAt(cycleId, version, deskToken);
    const page = await as(auditor, 'en', `/cycles/${cycleId}`);
    const entries = page.locator('.suivi-timeline li');
    await entries.first().waitFor();
    expect(await entries.count()).toBe(20);
    await page.getByRole('button', { name: `Show all ${version} events` }).click();
    await entries.nth(version - 1).waitFor();
    expect(await entries.count()).toBe(version);
    // Latest first, numbered by sequence: the cycle's start is the last entry, number 1.
    expect(await entries.last().textContent()).toContain('Cycle started');
    await look(page, 'en', 'cycle-long-timeline');
    await page.context().close();
  }, 120_000);

  it('a desk officer of another country gets no access', async () => {
    const page = await as(outsider, 'en', new URL(cycleUrl).pathname);
    await page.getByRole('heading', { name: WORDS.en.forbidden }).waitFor({ timeout: 60_000 });
    await look(page, 'en', 'forbidden');
    await page.context().close();
  }, 120_000);

  it('an individual case’s name stays out of the page, the URL, the title and storage until “Show name”', async () => {
    const canary = `Canary Person ${run}`;
    const page = await as(desk, 'en', new URL(cycleUrl).pathname);
    const visited: string[] = [];
    page.on('framenavigated', (frame) => visited.push(frame.url()));
    /** Everything the browser keeps or shows that must not hold the name. */
    const exposed = async () => {
      const kept = await page.evaluate(() =>
        JSON.stringify({
          local: Object.entries(window.localStorage),
          session: Object.entries(window.sessionStorage),
          title: document.title,
          url: window.location.href,
          cookies: document.cookie,
        }),
      );
      return [kept, ...visited].filter((text) => text.includes(canary));
    };

    await rowAction(page, 'AP3', 'Attach an individual case');
    const attach = form(page, 'Attach an individual case');
    await attach.locator('#command-cycles_action-points_individual-case-name').fill(canary);
    await attach
      .locator('#command-cycles_action-points_individual-case-details-situation')
      .fill('Detained since March.');
    await attach.getByRole('button', { name: WORDS.en.submit }).click();
    await page.getByText(WORDS.en.done).waitFor();
    // Once sent, the name has left the page with its form.
    expect(await page.content()).not.toContain(canary);
    const caseLink = row(page, 'AP3').getByRole('link', { name: /^Individual case case-/ });
    await caseLink.waitFor({ timeout: 30_000 });
    await caseLink.click();
    await page.getByRole('button', { name: 'Show name' }).waitFor();
    await look(page, 'en', 'individual-case');
    expect(await page.content()).not.toContain(canary);
    expect(await exposed()).toEqual([]);

    await page.getByRole('button', { name: 'Show name' }).click();
    await page.locator('#reveal-reason').fill('Preparing the next dialogue round with the Delegation.');
    await page.getByRole('button', { name: 'Show the name', exact: true }).click();
    await expectText(page.getByTestId('case-name'), canary);
    await look(page, 'en', 'individual-case-revealed');
    expect(await exposed()).toEqual([]);

    // Leaving the page forgets the name: back on the cycle and forward again, only the reference.
    await page.goBack();
    await row(page, 'AP3').waitFor();
    await page.goForward();
    await page.getByRole('button', { name: 'Show name' }).waitFor();
    expect(await page.content()).not.toContain(canary);
    expect(await exposed()).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('a desk officer proposes an action point with the keyboard only', async () => {
    const page = await as(desk, 'en', new URL(cycleUrl).pathname);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const text = `Keyboard-only item ${run}.`;
    await tabTo(page, (el) => el.name === WORDS.en.propose);
    await page.keyboard.press('Enter');
    await tabTo(page, (el) => el.id === 'command-cycles_action-points-text');
    await page.keyboard.type(text);
    await tabTo(page, (el) => el.id === 'command-cycles_action-points-owner');
    for (let i = 0; i < 5 && (await focused(page)).value !== 'PARTNER'; i++) await page.keyboard.press('ArrowDown');
    expect((await focused(page)).value).toBe('PARTNER');
    await tabTo(page, (el) => el.id === 'command-cycles_action-points-deadline');
    // YYYY-MM-DD. Headless Chromium's date field takes month, day, year whatever the page's
    // locale (it follows the browser's own language, en-US here).
    const deadline = dateIn(120); // after the open round (R2, in 90 days, once R1 is closed)
    await page.keyboard.type(`${deadline.slice(5, 7)}${deadline.slice(8, 10)}${deadline.slice(0, 4)}`);
    expect((await focused(page)).value).toBe(deadline);
    await tabTo(page, (el) => el.type === 'checkbox' && el.name.startsWith('I.A'));
    await page.keyboard.press('Space');
    await tabTo(page, (el) => el.name === WORDS.en.submit);
    // A keyboard user sees where they are: the focused button is drawn with a focus ring.
    expect((await focused(page)).focusVisible).toBe(true);
    await page.keyboard.press('Enter');
    // Done, or the refusal the form shows (named in the failure, so that it explains itself).
    const outcome = page
      .getByText(WORDS.en.done)
      .or(page.getByTestId('form-problem'))
      .or(page.locator('[data-testid^="error-"]'));
    await outcome.first().waitFor({ timeout: 30_000 });
    expect(await outcome.first().textContent()).toBe(WORDS.en.done);
    await expectText(page.locator('[data-testid^="action-point-"]').last(), text, 30_000);
    await page.context().close();
  }, 180_000);

  it('the same journey in French', async () => {
    const page = await as(desk, 'fr');
    await page.getByRole('heading', { level: 1, name: 'Mon travail' }).waitFor();
    await look(page, 'fr', 'my-work');
    await startCycleWithRound(page, 'fr', `Suivi SPG+ du Viet Nam ${run}`, 2);
    await look(page, 'fr', 'cycle');
    await page.getByRole('button', { name: WORDS.fr.closeRound }).click();
    const close = form(page, WORDS.fr.closeRound);
    await close.locator('#command-cycles_rounds_close-nextRound-date').fill(dateIn(90));
    await close.getByRole('button', { name: WORDS.fr.submit }).click();
    await expectText(page.getByTestId('carried-R1'), WORDS.fr.carried(2), 30_000);
    await look(page, 'fr', 'cycle-round-closed');
    await page.context().close();
  }, 300_000);

  it('renews the access token before it expires, and keeps working with the new one', async () => {
    const context = await newContext(browser, 'en');
    // The page's clock, so that nine and a half minutes can pass at once (tokens last ten).
    await context.clock.install();
    const page = await context.newPage();
    await signIn(page, desk, 'en');
    const accessToken = () =>
      page.evaluate(() => {
        const key = Object.keys(window.sessionStorage).find((k) => k.startsWith('oidc.user:'));
        return key
          ? (JSON.parse(window.sessionStorage.getItem(key) ?? '{}') as { access_token?: string }).access_token
          : undefined;
      });
    const first = await accessToken();
    expect(first).toBeTruthy();
    await page.clock.fastForward('09:30');
    const deadline = Date.now() + 30_000;
    while ((await accessToken()) === first && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    const renewed = await accessToken();
    expect(renewed).toBeTruthy();
    expect(renewed).not.toBe(first);
    // The next screen's calls carry the renewed token, and the user is still signed in.
    const call = page.waitForRequest((r) => r.url().includes('/v1/cycles'));
    await page.getByRole('link', { name: 'Cycles', exact: true }).click();
    expect((await call).headers()['authorization']).toBe(`Bearer ${renewed}`);
    await page.getByRole('heading', { level: 1, name: 'Cycles' }).waitFor();
    await page.getByTestId('signed-in-as').waitFor();
    await context.close();
  }, 120_000);

  it('finds no serious or critical accessibility problem on any screen visited', () => {
    expect(findings).toEqual([]);
  });

  it('breaks no rule of the Content-Security-Policy on any page (the inline early request is allowed by its hash)', () => {
    expect(cspViolations).toEqual([]);
  });
});
