/// <reference lib="dom" />
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEMO_USERS, issueDevTokenForProfile } from '@suivi/dev-issuer';
import { launch, readStackFile, repoRoot, stopLaunched, suiviHome, waitForReady } from '@suivi/test-support';
import { chromium, type Page } from 'playwright-core';
import { log, percentile, printFigures, round } from './support/figures';

/**
 * bench:web (issue 16): a cycle page with 200 action points over 3 rounds, in Chromium. Time
 * from navigation until every row is visible (p50/p95 over LOADS loads each, alternating)
 * against the same rows as plain server-rendered HTML served by the same API process (a static
 * page in a copy of the app's build), and the app's initial JavaScript in gzip bytes.
 */
const LOADS = Number(process.env['BENCH_WEB_LOADS'] ?? 20);
const ROUNDS = [100, 50, 50]; // action points agreed in each round; the open ones carry over
const ACTION_POINTS = ROUNDS.reduce((a, b) => a + b, 0);
// Under assets/: the API serves files from there as they are (any other page is the app's index.html).
const BASELINE_PAGE = 'assets/bench-baseline-cycle.html';

const built = join(repoRoot, 'dist', 'apps', 'web');
const served = mkdtempSync(join(tmpdir(), 'suivi-bench-web-'));
const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The app's initial JavaScript: the entry script and the modules it preloads, gzipped. */
function initialJavaScriptGzipBytes(): number {
  const index = readFileSync(join(built, 'index.html'), 'utf8');
  const files = [...index.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(join(built, file))).length, 0);
}

async function main(): Promise<void> {
  const stack = launch('start', 'bench', { WEB_DIST_DIR: served, SUIVI_DEMO_DATA: 'false' });
  try {
    // The launcher builds the app before it starts the API; copy the build once it is there.
    await waitForReady(stack, 600_000);
    cpSync(built, served, { recursive: true });
    const base = `http://127.0.0.1:${readStackFile('bench').ports.api}`;
    const desk = DEMO_USERS.find((u) => u.id === 'demo.desk-officer');
    if (!desk) throw new Error('no demo desk officer');
    const token = await issueDevTokenForProfile('bench', { userId: desk.id, role: 'desk-officer', countries: ['VN'] });
    const call = async (path: string, body: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { cycleId: string; version: number };
    };
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

    log(`seeding a cycle with ${ACTION_POINTS} action points over ${ROUNDS.length} rounds`);
    const { cycleId } = await call('/v1/cycles', {
      type: 'HUMAN_RIGHTS_DIALOGUE',
      country: 'VN',
      title: 'Benchmark dialogue',
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    await call(`/v1/cycles/${cycleId}/rounds`, { date: day(1) });
    let version = 0;
    for (const [index, count] of ROUNDS.entries()) {
      for (let i = 0; i < count; i++) {
        ({ version } = await call(`/v1/cycles/${cycleId}/action-points`, {
          roundId: `R${index + 1}`,
          text: `Action point ${index + 1}.${i + 1}: publish the implementation report of the national plan.`,
          owner: 'PARTNER',
          deadline: day(60 + i),
          themes: ['I.A'],
          agreed: true,
        }));
      }
      if (index < ROUNDS.length - 1) {
        ({ version } = await call(`/v1/cycles/${cycleId}/rounds/R${index + 1}/close`, {
          nextRound: { date: day(30 * (index + 1)) },
        }));
      }
    }
    // Wait for the read model, then write the baseline from what the API answers.
    const detailUrl = `${base}/v1/cycles/${cycleId}?minVersion=${version}`;
    let detail: { title: string; version: number; actionPoints: Array<Record<string, unknown>> } | undefined;
    let lastStatus = 0;
    // A cycle the read model does not hold yet is a quick 404: ask again, for up to a minute.
    for (let attempt = 0; attempt < 120 && (detail?.version ?? 0) < version; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 500));
      const response = await fetch(detailUrl, { headers: { authorization: `Bearer ${token}` } });
      lastStatus = response.status;
      if (response.ok) detail = (await response.json()) as typeof detail;
    }
    if (!detail || detail.version < version) {
      throw new Error(`the read model did not reach the cycle’s version ${version} (last answer HTTP ${lastStatus})`);
    }
    // The cycle's whole document (the page asks for its latest 20 timeline entries only), timed from here.
    const documentMs: number[] = [];
    let documentBytes = 0;
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      const response = await fetch(`${base}/v1/cycles/${cycleId}`, { headers: { authorization: `Bearer ${token}` } });
      documentBytes = (await response.arrayBuffer()).byteLength;
      if (i >= 10) documentMs.push(performance.now() - started);
    }
    log(`the cycle's document: ${documentBytes} bytes, p50 ${round(percentile(documentMs, 50))} ms from Node`);
    const css = [...readFileSync(join(built, 'index.html'), 'utf8').matchAll(/href="(\/assets\/[^"]+\.css)"/g)].map(
      (m) => m[1],
    );
    // The same rows as the app draws them for this desk officer (ActionPointRow, RoundSection):
    // a table per round with its caption and eight columns, dates written as the app writes
    // them, and each row's actions button; served as one static page.
    const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
    const formatDate = (date: string | null) => (date ? dateFormat.format(Date.parse(`${date}T00:00:00Z`)) : '');
    const cell = (content: string) => `<td class="ecl-table__cell">${content}</td>`;
    const byId = new Intl.Collator('en', { numeric: true });
    const columns = ['ID', 'Action point', 'Owner', 'Deadline', 'Themes', 'Status', 'Rounds carried', 'Last progress'];
    const tables = ROUNDS.map((_, index) => {
      const roundId = `R${index + 1}`;
      const rows = (detail.actionPoints as unknown as BaselineActionPoint[])
        .filter((ap) => ap.roundId === roundId)
        .sort((a, b) => byId.compare(a.actionPointId, b.actionPointId))
        .map((ap) => {
          const id = escape(ap.actionPointId);
          const actions = `<div class="suivi-row-actions"><button type="button" class="suivi-disclosure" aria-expanded="false">Actions on ${id}</button></div>`;
          return `<tr class="ecl-table__row" id="${id}" data-testid="action-point-${id}"><th scope="row" class="ecl-table__cell">${id}</th>${[
            `${escape(ap.text)}${actions}`,
            escape(ap.owner.label),
            escape(formatDate(ap.deadline)),
            escape(ap.themes.map((theme) => theme.code).join(', ')),
            escape(ap.status.label),
            String(ap.roundsCarried),
            escape(formatDate(ap.lastProgressOn)),
          ]
            .map(cell)
            .join('')}</tr>`;
        })
        .join('\n');
      const head = columns.map((c) => `<th scope="col" class="ecl-table__header">${c}</th>`).join('');
      return `<section class="suivi-round"><h3 class="ecl-u-type-heading-3">${roundId}</h3><table class="ecl-table suivi-table"><caption class="ecl-table__caption">Action points · ${roundId}</caption><thead class="ecl-table__head"><tr class="ecl-table__row">${head}</tr></thead><tbody class="ecl-table__body">${rows}</tbody></table></section>`;
    }).join('\n');
    writeFileSync(
      join(served, BASELINE_PAGE),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baseline</title>${css
        .map((href) => `<link rel="stylesheet" href="${href}">`)
        .join(
          '',
        )}</head><body><main class="ecl-container suivi-main"><h1>${escape(detail.title)}</h1>${tables}</main></body></html>`,
    );

    const executablePath = process.env['SUIVI_CHROMIUM'];
    if (!executablePath) throw new Error('SUIVI_CHROMIUM is not set: run through `npm run bench:web`');
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    try {
      const context = await browser.newContext({
        baseURL: base,
        locale: 'en-GB',
        viewport: { width: 1366, height: 900 },
      });
      const page = await context.newPage();
      log('signing in through the development OpenID provider');
      await page.goto('/');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('button', { name: new RegExp(desk.name) }).click();
      await page.getByTestId('signed-in-as').waitFor();

      /** Milliseconds from the navigation's start until every action point row is visible. */
      const timeToRows = async (path: string): Promise<number> => {
        await page.goto(path, { waitUntil: 'commit' });
        return page
          .waitForFunction(
            (expected) => {
              const rows = [...document.querySelectorAll('[data-testid^="action-point-"]')];
              const visible = rows.filter((r) => (r as HTMLElement).offsetParent !== null).length;
              return visible === expected ? performance.now() : false;
            },
            ACTION_POINTS,
            { polling: 'raf', timeout: 60_000 },
          )
          .then((handle) => handle.jsonValue() as Promise<number>)
          .catch(async (error: unknown) => {
            // Say what the page showed instead, for whoever reads the failure.
            const seen = await page.evaluate(() => ({
              rows: document.querySelectorAll('[data-testid^="action-point-"]').length,
              heading: document.querySelector('h1')?.textContent,
              url: location.href,
            }));
            throw new Error(`${path}: not every row visible (${JSON.stringify(seen)}): ${String(error)}`);
          });
      };
      /** Where an app load's time went: scripts loaded, the cycle's request sent and answered. */
      const phases = {
        scriptsLoaded: [] as number[],
        apiFetchCalled: [] as number[],
        apiRequestStart: [] as number[],
        apiResponseEnd: [] as number[],
      };
      const recordPhases = async () => {
        const seen = await page.evaluate(() => {
          const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
          const scripts = entries.filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'));
          const api = entries.find((e) => /\/v1\/cycles\/[^/?]+(\?|$)/.test(new URL(e.name).pathname + '?'));
          return {
            scriptsLoaded: Math.max(0, ...scripts.map((e) => e.responseEnd)),
            apiFetchCalled: api?.startTime ?? -1,
            apiRequestStart: api?.requestStart ?? api?.startTime ?? -1,
            apiResponseEnd: api?.responseEnd ?? -1,
          };
        });
        for (const key of Object.keys(phases) as Array<keyof typeof phases>) phases[key].push(seen[key]);
      };
      // Warm both (caches, JIT), not counted.
      await timeToRows(`/cycles/${cycleId}`);
      await timeToRows(`/${BASELINE_PAGE}`);
      const app: number[] = [];
      const baseline: number[] = [];
      log(`${LOADS} loads of each, alternating`);
      for (let i = 0; i < LOADS; i++) {
        app.push(await timeToRows(`/cycles/${cycleId}`));
        await recordPhases();
        baseline.push(await timeToRows(`/${BASELINE_PAGE}`));
      }
      await assertRows(page);
      if (process.env['BENCH_WEB_CPU_PROF'] === '1') await profileOneLoad(page, `/cycles/${cycleId}`);
      if (process.env['BENCH_WEB_TRACE'] === '1') {
        // Chromium's own trace of one app load (main thread: parse, compile, script, style, layout, paint).
        const file = join(suiviHome(), 'bench', 'logs', `web-${Date.now()}.trace.json`);
        await browser.startTracing(page, {
          path: file,
          categories: ['devtools.timeline', 'v8.execute', 'blink.user_timing'],
        });
        log(`${await timeToRows(`/cycles/${cycleId}`)} ms; trace of the load: ${file}`);
        await browser.stopTracing();
      }
      printFigures('web', {
        actionPoints: ACTION_POINTS,
        rounds: ROUNDS.length,
        loads: LOADS,
        appP50Ms: round(percentile(app, 50)),
        appP95Ms: round(percentile(app, 95)),
        baselineP50Ms: round(percentile(baseline, 50)),
        baselineP95Ms: round(percentile(baseline, 95)),
        ratio: round(percentile(app, 50) / percentile(baseline, 50), 2),
        appScriptsLoadedP50Ms: round(percentile(phases.scriptsLoaded, 50)),
        appApiFetchCalledP50Ms: round(percentile(phases.apiFetchCalled, 50)),
        appApiRequestStartP50Ms: round(percentile(phases.apiRequestStart, 50)),
        appApiResponseEndP50Ms: round(percentile(phases.apiResponseEnd, 50)),
        apiCycleDocumentP50Ms: round(percentile(documentMs, 50)),
        apiCycleDocumentBytes: documentBytes,
        initialJsGzipBytes: initialJavaScriptGzipBytes(),
        initialJsGzipKiB: round(initialJavaScriptGzipBytes() / 1024),
      });
    } finally {
      await browser.close();
    }
  } finally {
    await stopLaunched(stack);
    rmSync(served, { recursive: true, force: true });
  }
}

interface BaselineActionPoint {
  actionPointId: string;
  roundId: string;
  text: string;
  owner: { label: string };
  deadline: string;
  themes: Array<{ code: string }>;
  status: { label: string };
  roundsCarried: number;
  lastProgressOn: string | null;
}

/** BENCH_WEB_CPU_PROF=1: a CPU profile of one more app load, under <bench>/logs (open it in Chromium's DevTools). */
async function profileOneLoad(page: Page, path: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.goto(path, { waitUntil: 'commit' });
  await page.waitForFunction(
    (expected) => document.querySelectorAll('[data-testid^="action-point-"]').length === expected,
    ACTION_POINTS,
    { polling: 'raf' },
  );
  const { profile } = await cdp.send('Profiler.stop');
  const file = join(suiviHome(), 'bench', 'logs', `web-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  log(`CPU profile of one app load: ${file}`);
}

/** The baseline page is the last one loaded: it must hold every row too (a fair comparison). */
async function assertRows(page: Page): Promise<void> {
  const count = await page.locator('[data-testid^="action-point-"]').count();
  if (count !== ACTION_POINTS) throw new Error(`baseline page has ${count} rows, expected ${ACTION_POINTS}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
