// The static build on its own (as a static host would serve it): the pages must say plainly that
// the live examples need the demo servers, without errors in the console.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../demo/static';
import { type Browser, launch } from './helpers/browser';
import { crawl, panelsInGuides, panelsOf, RUN_PANELS } from './helpers/crawl';
import { distDir, screenshotDir } from './helpers/paths';

let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  server = createServer(serveStatic(distDir));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

// The pages with Run panels are found by following the site's links from the home page, as the
// site test does, and checked against the <RunPanel> tags in the guides.
const START = ['/', '/getting-started'];

describe('static build without the demo servers', () => {
  it('every Run panel says the demo servers are needed, how to start them, and cannot be run', async () => {
    const watched = await browser.page();
    const failures: string[] = [];
    const pages = await crawl(watched, origin, START, async (path) => {
      const panels = watched.page.locator(RUN_PANELS);
      for (let index = 0; index < (await panels.count()); index++) {
        const panel = panels.nth(index);
        const name = `${path} ${await panel.getAttribute('data-testid')}`;
        try {
          const notice = panel.getByTestId('run-demo-missing');
          await expect.poll(() => notice.isVisible(), { message: `${name}: the notice` }).toBe(true);
          expect(await notice.textContent(), `${name}: how to start the demo`).toContain('npm run setup && pnpm start');
          expect(await panel.getByTestId('run-button').isDisabled(), `${name}: Run is disabled`).toBe(true);
          if (path === '/getting-started') {
            await panel.scrollIntoViewIfNeeded();
            await panel.screenshot({ path: `${screenshotDir}/no-demo-fetch.png`, style: '.VPNav, .VPLocalNav { visibility: hidden !important; }' });
          }
        } catch (error) {
          failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    });
    await watched.page.close();
    expect(panelsOf(pages), 'the crawl found every Run panel of the guides').toEqual(panelsInGuides());
    for (const [path, page] of pages) expect(page.problems, `problems on ${path}`).toEqual([]);
    expect(failures).toEqual([]);
  }, 180_000);
});
