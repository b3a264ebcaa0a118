// The docs site in a real browser (Debian's Chromium, driven by playwright-core): the static
// build served together with the demo servers by the same command `pnpm start` uses (--static).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { clientCredentials, buildTokenRequest, DEFAULT_POLICY, ErrorCode, placements, refreshAt, type Token } from '@tok/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launch, type WatchedPage } from './helpers/browser';
import { curlOf, httpOf } from './helpers/expected';
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

/** Pages with live examples, and the examples each must have. */
const LIVE = {
  '/getting-started': ['fetch'],
  '/adapters/axios': ['axios'],
  '/adapters/ky': ['ky'],
  '/adapters/fetch': ['fetch'],
  '/adapters/openapi-fetch': ['openapi'],
} as const;

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

async function runPanel(page: Page, example: string): Promise<{ panel: ReturnType<Page['locator']>; text: (id: string) => Promise<string> }> {
  const panel = page.getByTestId(`run-${example}`).first();
  const runs = Number(await panel.getAttribute('data-runs'));
  await panel.getByTestId('run-button').click();
  await expect.poll(async () => Number(await panel.getAttribute('data-runs')), { timeout: 20_000 }).toBe(runs + 1);
  const error = panel.getByTestId('run-error');
  if (await error.count()) throw new Error(`example ${example} failed in the page: ${await error.textContent()}`);
  await expect.poll(async () => panel.getAttribute('data-state')).toBe('done');
  return { panel, text: async (id) => ((await panel.getByTestId(id).textContent()) ?? '').trim() };
}

describe('every page', () => {
  it('opens without console errors, and no internal link or anchor is broken', async () => {
    const queue = [...GUIDE_PAGES];
    const seen = new Set<string>(queue);
    const anchors = new Map<string, Set<string>>();
    const links: { from: string; to: string; hash: string }[] = [];
    const watched = await browser.page();
    const { page, problems } = watched;
    while (queue.length > 0) {
      const path = queue.shift()!;
      const before = problems.length;
      const response = await page.goto(origin + path, { waitUntil: 'networkidle' });
      expect(response?.status(), `${path} answers 200`).toBe(200);
      expect(await page.locator('.NotFound').count(), `${path} is not the 404 page`).toBe(0);
      expect(problems.slice(before), `problems on ${path}`).toEqual([]);
      const { ids, hrefs } = await page.evaluate(() => ({
        ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
        hrefs: [...document.querySelectorAll<HTMLAnchorElement>('a[href]')].map((a) => a.href),
      }));
      anchors.set(path, new Set(ids));
      for (const href of hrefs) {
        const url = new URL(href);
        if (url.origin !== origin) continue;
        const target = url.pathname.replace(/\.html$/, '');
        links.push({ from: path, to: target, hash: decodeURIComponent(url.hash.slice(1)) });
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
      if (GUIDE_PAGES.includes(path)) await page.screenshot({ path: join(screenshotDir, 'pages', `${slug(path)}.png`) });
    }
    await page.close();
    for (const name of ['core', 'fetch', 'axios', 'ky']) expect(seen, 'the generated reference is crawled too').toContain(`/reference/@tok/${name}`);
    const broken = links.filter(({ to, hash }) => !anchors.has(to) || (hash !== '' && !anchors.get(to)?.has(hash)));
    expect(broken, 'links to missing pages or anchors').toEqual([]);
  });
});

describe('live examples', () => {
  const tokenRequest = () => httpOf({ tokenUrl: '/api/token', placement: 'none' }, origin);

  for (const [path, examples] of Object.entries(LIVE)) {
    for (const example of examples) {
      it(`${path}: the ${example} example gets a token and calls the API with it`, async () => {
        const { page, problems } = await open(path);
        const { panel, text } = await runPanel(page, example);
        expect(await text('run-api-status')).toBe('200');
        const prefix = await text('run-token-prefix');
        expect(prefix).toMatch(/^[\w-]{6}$/);
        expect(await text('run-api-token'), 'the API received the token tok obtained').toBe(prefix);
        expect(await text('run-token-requests')).toBe('1');
        // The raw token request is core's buildTokenRequest, rendered.
        expect(await panel.locator('.tok-code pre').first().textContent()).toBe(tokenRequest());
        const refreshIn = Number.parseInt(await text('run-refresh-in'), 10);
        expect(refreshIn).toBeGreaterThan(0);
        expect(refreshIn).toBeLessThanOrEqual(60);
        await panel.scrollIntoViewIfNeeded();
        await panel.screenshot({ path: shot(`run-${slug(path)}-${example}`), ...clean });

        // A second run is served from tok's cache: same token, no new token request.
        await runPanel(page, example);
        expect(await text('run-api-token')).toBe(prefix);
        expect(await text('run-token-requests')).toBe('1');
        expect(problems).toEqual([]);
        await page.close();
      });
    }
  }

  it('/caching: recovers from a 401 with one new token and one retry', async () => {
    const { page, problems } = await open('/caching');
    const { panel, text } = await runPanel(page, 'recovery');
    const first = await text('run-api-token');
    expect(await panel.getByTestId('run-trace').textContent()).toContain('GET /api/demo/orders → 200');

    await panel.getByTestId('run-expire').click();
    await expect.poll(() => panel.getByTestId('run-expired-note').isVisible()).toBe(true);
    await runPanel(page, 'recovery');
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
    for (const [pkg, fn] of [['fetch', 'withToken'], ['axios', 'useToken'], ['ky', 'tokenHooks'], ['core', 'clientCredentials'], ['core', 'buildTokenRequest']] as const) {
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

  it('/benchmarks shows the benchmark results, or how to produce them', async () => {
    const { page } = await open('/benchmarks');
    const doc = page.locator('.vp-doc');
    if (existsSync(join(repoDir, 'apps/bench/results.md'))) expect(await doc.locator('table').count()).toBeGreaterThan(0);
    else expect(await doc.textContent()).toContain('No results on this machine yet');
    await page.close();
  });
});
