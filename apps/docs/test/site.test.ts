// The docs site in a real browser (Debian's Chromium, driven by playwright-core): the static
// build served together with the demo servers by the same command `pnpm start` uses (--static).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { clientCredentials, buildTokenRequest, DEFAULT_POLICY, ErrorCode, placements, refreshAt, type Token } from '@tok/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launch, type WatchedPage } from './helpers/browser';
import { type CrawledPage, crawl, panelsInGuides, panelsOf, RUN_PANELS } from './helpers/crawl';
import { curlOf, httpOf } from './helpers/expected';
import { toHttp } from '../.vitepress/theme/lib/render';
import { repoDir, screenshotDir } from './helpers/paths';
import { type RunningSite, startSite } from './helpers/site';

const GUIDE_PAGES = [
  '/',
  '/getting-started',
  '/generate-a-token',
  '/placements',
  '/request-builder',
  '/adapters/axios',
  '/adapters/ky',
  '/adapters/fetch',
  '/adapters/openapi-fetch',
  '/caching',
  '/errors',
  '/security',
  '/providers',
  '/benchmarks',
  '/reference/',
];

let site: RunningSite;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  mkdirSync(join(screenshotDir, 'pages'), { recursive: true });
  [site, browser] = await Promise.all([startSite(['--static', '--port', '0']), launch()]);
  origin = new URL(site.url).origin;
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

const shot = (name: string) => join(screenshotDir, `${name}.png`);
// Element screenshots without the fixed top bar drawn over them.
const clean = { style: '.VPNav, .VPLocalNav { visibility: hidden !important; }' };
const slug = (path: string) => path.replace(/^\/|\/$/g, '').replace(/[/@]/g, '_') || 'home';

async function open(path: string): Promise<WatchedPage> {
  const watched = await browser.page();
  const response = await watched.page.goto(origin + path, { waitUntil: 'networkidle' });
  expect(response?.status(), `${path} answers 200`).toBe(200);
  return watched;
}

type Panel = ReturnType<Page['locator']>;

/** Presses Run on a panel and waits for that run to end; throws what the page showed if it failed. */
async function runPanel(panel: Panel, name: string): Promise<{ panel: Panel; text: (id: string) => Promise<string> }> {
  const runs = Number(await panel.getAttribute('data-runs'));
  await panel.getByTestId('run-button').click();
  await expect.poll(async () => Number(await panel.getAttribute('data-runs')), { timeout: 20_000 }).toBe(runs + 1);
  const error = panel.getByTestId('run-error');
  if (await error.count()) throw new Error(`example ${name} failed in the page: ${await error.textContent()}`);
  await expect.poll(async () => panel.getAttribute('data-state')).toBe('done');
  return { panel, text: async (id) => ((await panel.getByTestId(id).textContent()) ?? '').trim() };
}

// The whole site, crawled once by link from the guide pages: the pages, their anchors and links,
// and every Run panel on them. The tests below check what it found.
let crawled: Promise<Map<string, CrawledPage>> | undefined;
function crawlSite(): Promise<Map<string, CrawledPage>> {
  crawled ??= (async () => {
    const watched = await browser.page();
    try {
      return await crawl(watched, origin, GUIDE_PAGES, async (path) => {
        if (GUIDE_PAGES.includes(path)) await watched.page.screenshot({ path: join(screenshotDir, 'pages', `${slug(path)}.png`) });
      });
    } finally {
      await watched.page.close();
    }
  })();
  return crawled;
}

describe('every page', () => {
  it('opens without console errors, and no internal link or anchor is broken', async () => {
    const pages = await crawlSite();
    for (const [path, page] of pages) {
      expect(page.status, `${path} answers 200`).toBe(200);
      expect(page.notFound, `${path} is not the 404 page`).toBe(false);
      expect(page.problems, `problems on ${path}`).toEqual([]);
    }
    for (const name of ['core', 'core/adapter', 'fetch', 'axios', 'ky']) expect([...pages.keys()], 'the generated reference is crawled too').toContain(`/reference/@tok/${name}`);
    const broken = [...pages].flatMap(([from, page]) =>
      page.links.filter(({ to, hash }) => !pages.has(to) || (hash !== '' && !pages.get(to)?.ids.has(hash))).map((link) => ({ from, ...link })),
    );
    expect(broken, 'links to missing pages or anchors').toEqual([]);
  }, 180_000);

  it('draws the home page feature icons as SVG, not as emoji a browser may lack a font for', async () => {
    const { page } = await open('/');
    const icons = await page.locator('.VPFeature .icon').evaluateAll((els) =>
      els.map((e) => {
        const svg = e.querySelector('svg')?.getBoundingClientRect();
        return { svg: svg ? svg.width > 0 && svg.height > 0 : false, text: (e.textContent ?? '').trim() };
      }),
    );
    expect(icons.length).toBeGreaterThan(0);
    for (const icon of icons) expect(icon).toEqual({ svg: true, text: '' });
    await page.close();
  });
});

describe('live examples', () => {
  // What tokenRoute('/api/token') sends: a POST without credentials or body (the browser adds the cookie).
  const tokenRequest = () => toHttp({ method: 'POST', url: '/api/token', headers: { accept: 'application/json' } }, origin);

  it('finds every Run panel of the guides by crawling the site', async () => {
    const found = panelsOf(await crawlSite());
    expect(Object.keys(found).length, 'the crawl finds Run panels at all').toBeGreaterThan(0);
    expect(found).toEqual(panelsInGuides());
  });

  it('every Run panel found gets a token and calls the API with it, then runs again from the cache', async () => {
    const found = panelsOf(await crawlSite());
    const failures: string[] = [];
    for (const [path, examples] of Object.entries(found)) {
      const { page, problems } = await open(path);
      for (const [index, example] of examples.entries()) {
        const name = `${path} run-${example}`;
        try {
          const panel = page.locator(RUN_PANELS).nth(index);
          expect(await panel.getAttribute('data-testid'), name).toBe(`run-${example}`);
          const { text } = await runPanel(panel, name);
          expect(await text('run-api-status'), `${name}: API status`).toBe('200');
          const prefix = await text('run-token-prefix');
          expect(prefix, `${name}: token`).toMatch(/^[\w-]{6}$/);
          expect(await text('run-api-token'), `${name}: the API received the token tok obtained`).toBe(prefix);
          expect(await text('run-token-requests'), `${name}: token requests`).toBe('1');
          // The raw token request, as tok built it for the example's grant.
          expect(await panel.locator('.tok-code pre').first().textContent(), `${name}: token request`).toBe(tokenRequest());
          const refreshIn = Number.parseInt(await text('run-refresh-in'), 10);
          expect(refreshIn, `${name}: refresh point`).toBeGreaterThan(0);
          expect(refreshIn, `${name}: refresh point`).toBeLessThanOrEqual(60);
          await panel.scrollIntoViewIfNeeded();
          await panel.screenshot({ path: shot(`run-${slug(path)}-${example}`), ...clean });

          // A second run is served from tok's cache: same token, no new token request.
          await runPanel(panel, name);
          expect(await text('run-api-status'), `${name}: API status, second run`).toBe('200');
          expect(await text('run-api-token'), `${name}: second run, same token`).toBe(prefix);
          expect(await text('run-token-requests'), `${name}: second run, no new token request`).toBe('1');
        } catch (error) {
          failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (problems.length > 0) failures.push(`${path}: ${problems.join('; ')}`);
      await page.close();
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it('/caching: recovers from a 401 with one new token and one retry', async () => {
    const { page, problems } = await open('/caching');
    const { panel, text } = await runPanel(page.getByTestId('run-recovery'), 'recovery');
    const first = await text('run-api-token');
    expect(await panel.getByTestId('run-trace').textContent()).toContain('GET /api/demo/orders → 200');

    await panel.getByTestId('run-expire').click();
    await expect.poll(() => panel.getByTestId('run-expired-note').isVisible()).toBe(true);
    await runPanel(panel, 'recovery');
    const trace = (await panel.getByTestId('run-trace').locator('li').allTextContents()).map((s) => s.trim());
    expect(trace).toEqual(['GET /api/demo/orders → 401', 'POST /api/token → 200', 'GET /api/demo/orders → 200']);
    expect(await text('run-api-status')).toBe('200');
    expect(await text('run-api-token')).not.toBe(first);
    expect(await text('run-token-requests')).toBe('2');
    await panel.screenshot({ path: shot('run-caching-recovery'), ...clean });
    // The only error the browser reports is the 401 this example provokes on purpose.
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
    expect(problems.length).toBeLessThanOrEqual(2);
    await page.close();
  });
});

describe('request builder', () => {
  it('renders the exact request with buildTokenRequest, sends nothing until Send, and keeps the secret to itself', async () => {
    const { page, problems, messages, requests } = await open('/request-builder');
    const secret = 'playground-secret';
    const builder = page.getByTestId('request-builder');
    await expect.poll(() => builder.getByTestId('rb-token-url').inputValue()).toBe(`${origin}/oauth/token`);
    await builder.getByTestId('rb-client-id').fill('playground');
    await builder.getByTestId('rb-client-secret').fill(secret);
    await builder.getByTestId('rb-placement').selectOption('form');
    await builder.getByTestId('rb-scope').fill('orders:read');
    const options = { tokenUrl: `${origin}/oauth/token`, clientId: 'playground', placement: 'form' as const, scope: 'orders:read' };

    const output = () => builder.getByTestId('rb-output').locator('pre').first().textContent();
    // Masked by default.
    expect(await output()).toBe(httpOf({ ...options, clientSecret: 'YOUR_CLIENT_SECRET' }, origin));
    await builder.getByTestId('rb-show-secret').check();
    expect(await output()).toBe(httpOf({ ...options, clientSecret: secret }, origin));
    await builder.getByTestId('rb-tab-curl').click();
    expect(await output()).toBe(curlOf({ ...options, clientSecret: secret }));
    for (const tab of ['fetch', 'axios', 'ky', 'tok']) {
      await builder.getByTestId(`rb-tab-${tab}`).click();
      expect(await output()).toContain(`${origin}/oauth/token`);
    }
    await builder.getByTestId('rb-tab-tok').click();
    expect(await output()).toContain('process.env.CLIENT_SECRET');
    expect(await output()).not.toContain(secret);
    await builder.getByTestId('rb-tab-postman').click();
    expect(await builder.getByTestId('rb-output').textContent()).toContain('client_secret = playground-secret');

    await builder.getByTestId('rb-placement').selectOption('basic');
    await builder.getByTestId('rb-tab-http').click();
    const basic = buildTokenRequest(clientCredentials({ ...options, placement: 'basic', clientSecret: secret }));
    expect(await output()).toContain(`authorization: ${basic.headers.authorization}`);

    expect(requests.filter((url) => url.includes('/oauth/')), 'nothing sent before Send').toEqual([]);
    await builder.getByTestId('rb-send').click();
    const answer = builder.getByTestId('rb-answer');
    await expect.poll(() => answer.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await answer.locator('.tok-status').textContent()).toContain('200');
    expect(await builder.getByTestId('rb-reading').textContent()).toContain('valid for 60 s');
    expect(requests.filter((url) => url.includes('/oauth/token'))).toHaveLength(1);

    const stored = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
    expect(stored).not.toContain(secret);
    expect(messages.join('\n')).not.toContain(secret);
    await builder.scrollIntoViewIfNeeded();
    await builder.screenshot({ path: shot('request-builder'), ...clean });
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('guide pages computed from core', () => {
  it('/placements shows the exact HTTP of every placement', async () => {
    const { page } = await open('/placements');
    const blocks = await page.locator('.tok-code pre').allTextContents();
    const base = { tokenUrl: 'https://auth.example.com/oauth/token', clientId: 'my-client', clientSecret: 'p+ss/w=rd', scope: 'orders:read' };
    for (const placement of placements) {
      const options = placement === 'none' ? { tokenUrl: '/api/token', placement } : { ...base, placement };
      expect(blocks, placement).toContain(httpOf(options));
      expect(await page.locator(`h2#${placement}`).count(), `a section for ${placement}`).toBe(1);
    }
    await page.close();
  });

  it('/errors explains every error code', async () => {
    const { page } = await open('/errors');
    for (const code of Object.values(ErrorCode)) {
      const heading = page.locator(`h2#${code.toLowerCase().replace(/_/g, '-')}`);
      expect(await heading.textContent(), code).toContain(code);
    }
    await page.close();
  });

  it('/caching draws the refresh point from DEFAULT_POLICY', async () => {
    const { page } = await open('/caching');
    const figure = page.locator('.tok-lifetime');
    for (const [label, seconds] of [['60 s', 60], ['1 hour', 3600]] as const) {
      await figure.getByRole('button', { name: label, exact: true }).click();
      const token: Token = { accessToken: 'x', tokenType: 'Bearer', issuedAt: 0, expiresAt: seconds * 1000, refreshIn: undefined, scope: undefined, raw: {} };
      const at = Math.round((refreshAt(token) ?? 0) / 1000);
      const clock = `${Math.floor(at / 60)}:${String(at % 60).padStart(2, '0')}`;
      expect(await figure.locator('svg').textContent()).toContain(`refresh point ${clock}`);
    }
    expect(await figure.locator('figcaption').textContent()).toContain(`${DEFAULT_POLICY.refreshRatio * 100} %`);
    await figure.screenshot({ path: shot('token-lifetime'), ...clean });
    await page.close();
  });

  it('/reference/ is generated from the TSDoc of all four packages', async () => {
    const { page } = await open('/reference/');
    const text = (await page.locator('.vp-doc').textContent()) ?? '';
    for (const name of ['@tok/core', '@tok/fetch', '@tok/axios', '@tok/ky']) expect(text).toContain(name);
    for (const [pkg, fn] of [['fetch', 'withToken'], ['axios', 'useToken'], ['ky', 'tokenHooks'], ['core', 'clientCredentials'], ['core', 'buildTokenRequest'], ['core/adapter', 'createAuthorizer']] as const) {
      await page.goto(`${origin}/reference/@tok/${pkg}`);
      // The function's section: from its heading to the next export's.
      const section = await page.evaluate((name) => {
        const text = (e: Element) => (e.textContent ?? '').replace(/\u200b/g, '').trim();
        const heading = [...document.querySelectorAll('h3')].find((h) => text(h) === `${name}()`);
        const parts: string[] = [];
        for (let node = heading?.nextElementSibling; node && !/^H[1-3]$/.test(node.tagName); node = node.nextElementSibling) {
          parts.push(`${node.tagName}:${(node.textContent ?? '').replace(/\u200b/g, '').trim()}`);
        }
        return { heading: heading?.textContent ?? '', parts };
      }, fn);
      expect(section.heading, `@tok/${pkg} documents ${fn}`).toContain(fn);
      expect(section.parts.some((p) => p === 'H4:Example'), `${fn} has its TSDoc @example`).toBe(true);
      expect(section.parts.some((p) => p.startsWith('DIV:') && p.includes(fn)), `${fn}'s example code`).toBe(true);
    }
    await page.goto(`${origin}/reference/@tok/fetch#withtoken`);
    await page.screenshot({ path: shot('reference-withToken') });
    await page.close();
  });

  it('/benchmarks shows the benchmark results with every measure, or how to produce them', async () => {
    const { page } = await open('/benchmarks');
    const doc = page.locator('.vp-doc');
    if (!existsSync(join(repoDir, 'apps/bench/results.md'))) {
      expect(await doc.textContent()).toContain('No results on this machine yet');
      expect(await doc.locator('table').count()).toBe(0);
      await page.close();
      return;
    }
    const tables = await doc.locator('table').evaluateAll((els) =>
      els.map((table) => ({
        // Header text without the footnote marks (¹ ² …) that point to "What the columns mean".
        headers: [...table.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').replace(/[\u00b9\u00b2\u00b3\u2070-\u2079]/g, '').trim()),
        rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...(tr as HTMLTableRowElement).cells].map((td) => (td.textContent ?? '').trim())),
      })),
    );
    const tableWith = (first: string) => tables.find((t) => t.headers.some((h) => h.startsWith(first)));
    // Every tok row has a measured value in each of these columns.
    const measured = (table: { headers: string[]; rows: string[][] }, column: string) => {
      const at = table.headers.findIndex((h) => h.startsWith(column));
      expect(at, `a "${column}" column`).toBeGreaterThanOrEqual(0);
      const tok = table.rows.filter((row) => row[0]?.startsWith('tok ('));
      expect(tok.length, `tok rows in the "${column}" table`).toBeGreaterThan(0);
      for (const row of tok) expect(row[at], `${row[0]}: ${column}`).toMatch(/\d/);
    };

    const sideBySide = tableWith('per-request overhead');
    expect(sideBySide, 'the side-by-side table').toBeDefined();
    for (const column of ['per-request overhead', 'cache-hit getToken()', 'cold stampede', 'expiry boundaries', 'min+gzip']) measured(sideBySide!, column);

    const growth = tableWith('10 callers');
    expect(growth, 'the table of how cost grows with concurrent callers').toBeDefined();
    expect(growth!.headers.slice(1)).toEqual(['10 callers', '100 callers', '1,000 callers', '10,000 callers']);
    for (const column of ['10 callers', '100 callers', '1,000 callers', '10,000 callers']) measured(growth!, column);
    await page.close();
  });
});
