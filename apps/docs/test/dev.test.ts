// `pnpm start` serves the site with VitePress's dev server, proxying /api and /oauth to the demo
// backend. One live example end to end proves that wiring.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launch } from './helpers/browser';
import { type RunningSite, startSite } from './helpers/site';

let site: RunningSite;
let browser: Browser;

beforeAll(async () => {
  [site, browser] = await Promise.all([startSite(['--port', '5173']), launch()]);
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

describe('pnpm start (dev server)', () => {
  it('prints the URL and runs a live example through the proxied demo servers', async () => {
    expect(site.output()).toContain('tok docs with live examples: http://127.0.0.1:');
    const { page, problems } = await browser.page();
    await page.goto(new URL('adapters/axios', site.url).href, { waitUntil: 'networkidle' });
    const panel = page.getByTestId('run-axios');
    await panel.getByTestId('run-button').click();
    await expect.poll(async () => panel.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    expect(await panel.getByTestId('run-api-status').textContent()).toBe('200');
    const prefix = (await panel.getByTestId('run-token-prefix').textContent())?.trim();
    expect(prefix).toMatch(/^[\w-]{6}$/);
    expect((await panel.getByTestId('run-api-token').textContent())?.trim()).toBe(prefix);
    expect(problems).toEqual([]);
    await page.close();
  });
});
