// The static build on its own (as a static host would serve it): the pages must say plainly that
// the live examples need the demo servers, without errors in the console.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../demo/static';
import { type Browser, launch } from './helpers/browser';
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

describe('static build without the demo servers', () => {
  for (const [path, example] of [
    ['/getting-started', 'fetch'],
    ['/adapters/axios', 'axios'],
    ['/caching', 'recovery'],
  ] as const) {
    it(`${path} says the ${example} example needs the demo servers`, async () => {
      const { page, problems } = await browser.page();
      await page.goto(origin + path, { waitUntil: 'networkidle' });
      const panel = page.getByTestId(`run-${example}`);
      await expect.poll(() => panel.getByTestId('run-demo-missing').isVisible()).toBe(true);
      expect(await panel.getByTestId('run-demo-missing').textContent()).toContain('pnpm start');
      expect(await panel.getByTestId('run-button').isDisabled()).toBe(true);
      if (example === 'fetch') {
        await panel.scrollIntoViewIfNeeded();
        await panel.screenshot({ path: `${screenshotDir}/no-demo-${example}.png`, style: '.VPNav, .VPLocalNav { visibility: hidden !important; }' });
      }
      expect(problems).toEqual([]);
      await page.close();
    });
  }
});
