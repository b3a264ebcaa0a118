// What a new user meets first, in a real browser, each check one that would have caught a defect
// found before the first release: code blocks as long as their source regions, tables within the
// content column, the request builder's Postman and curl advice matching the placement and the
// same validation whether the secret is shown, the builder on a static host without the demo, the
// install instructions, the changelog page, the repository and "Edit this page" links, the
// lifetime caption, the Run panel after its refresh point.
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { buildTokenRequest, clientCredentials, placements } from '@tok/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsAge } from '../.vitepress/plugins/benchResults';
import { formEncoded } from '../.vitepress/theme/lib/render';
import { serveStatic } from '../demo/static';
import { type Browser, launch, type WatchedPage } from './helpers/browser';
import { distDir, repoDir, screenshotDir } from './helpers/paths';
import { type RunningSite, startSite } from './helpers/site';

let site: RunningSite;
let browser: Browser;
let origin: string;
// The static build alone, as a static host serves it: no demo servers behind it.
let staticServer: Server;
let staticOrigin: string;

beforeAll(async () => {
  staticServer = createServer(serveStatic(distDir));
  await new Promise<void>((resolve) => staticServer.listen(0, '127.0.0.1', resolve));
  staticOrigin = `http://127.0.0.1:${(staticServer.address() as AddressInfo).port}`;
  [site, browser] = await Promise.all([startSite(['--static', '--port', '0']), launch()]);
  origin = new URL(site.url).origin;
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await new Promise((resolve) => staticServer?.close(resolve));
});

async function open(path: string, { at = origin, width = 1280 } = {}): Promise<WatchedPage> {
  const watched = await browser.page();
  await watched.page.setViewportSize({ width, height: 900 });
  const response = await watched.page.goto(at + path, { waitUntil: 'networkidle' });
  expect(response?.status(), `${path} answers 200`).toBe(200);
  return watched;
}

const docs = (page: string) => readFileSync(join(repoDir, 'docs', page), 'utf8');

/**
 * The code blocks a page's Markdown makes, in order: each fence, and each `<<< file#region`
 * snippet with the number of lines its source region has.
 */
function codeItems(markdown: string): ({ kind: 'fence' } | { kind: 'snippet'; file: string; region: string; lines: number })[] {
  const items: ({ kind: 'fence' } | { kind: 'snippet'; file: string; region: string; lines: number })[] = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const snippet = /^<<< @\/(\S+?)(?:#(\w+))?(?:\{\w+\})?\s*$/.exec(line);
    if (snippet) {
      const source = readFileSync(join(repoDir, 'docs', snippet[1]!), 'utf8').replace(/\n$/, '').split('\n');
      const region = snippet[2];
      if (region === undefined) {
        items.push({ kind: 'snippet', file: snippet[1]!, region: '(whole file)', lines: source.length });
        continue;
      }
      const start = source.findIndex((l) => new RegExp(`^\\s*(//|#) ?#?region ${region}\\s*$`).test(l));
      const end = source.findIndex((l) => new RegExp(`^\\s*(//|#) ?#?endregion ${region}\\s*$`).test(l));
      expect(start, `${snippet[1]} has a region ${region}`).toBeGreaterThanOrEqual(0);
      items.push({ kind: 'snippet', file: snippet[1]!, region, lines: end - start - 1 });
    } else if (/^\s*```\w/.test(line)) {
      items.push({ kind: 'fence' });
      while (!/^\s*```\s*$/.test(lines[++index] ?? '```')) {
        // inside the fence
      }
    }
  }
  return items;
}

describe('code blocks', () => {
  it('a snippet of a source region shows that region, no more (openapi.yaml on the openapi-fetch page)', async () => {
    for (const [path, file] of [['/adapters/openapi-fetch', 'adapters/openapi-fetch.md'], ['/getting-started', 'getting-started.md'], ['/caching', 'caching.md']] as const) {
      const items = codeItems(docs(file));
      expect(items.some((item) => item.kind === 'snippet'), `${file} has snippets`).toBe(true);
      const { page } = await open(path);
      const blocks = await page.locator('.vp-doc div[class*="language-"] pre').evaluateAll((pres) => pres.map((pre) => pre.querySelectorAll('.line').length));
      expect(blocks.length, `${path}: one block per fence or snippet`).toBe(items.length);
      items.forEach((item, index) => {
        if (item.kind === 'snippet') expect(blocks[index], `${path}: ${item.file}#${item.region}`).toBe(item.lines);
      });
      await page.close();
    }
  });
});

describe('tables', () => {
  it('/benchmarks: every column of every table is within the content column, on a narrow and a wide screen', async () => {
    for (const width of [624, 1280]) {
      const { page } = await open('/benchmarks', { width });
      const tables = await page.locator('.vp-doc table').evaluateAll((all) =>
        all.map((table) => {
          const column = table.closest('.vp-doc')!.getBoundingClientRect();
          const box = table.getBoundingClientRect();
          return { hidden: table.scrollWidth - table.clientWidth, right: box.right - column.right };
        }),
      );
      expect(tables.length, 'the results have tables').toBeGreaterThan(1);
      for (const [index, table] of tables.entries()) {
        expect(table.hidden, `table ${index} at ${width} px hides no column`).toBeLessThanOrEqual(1);
        expect(table.right, `table ${index} at ${width} px ends within the column`).toBeLessThanOrEqual(1);
      }
      if (width === 624) await page.screenshot({ path: join(screenshotDir, 'benchmarks-624.png'), fullPage: false });
      await page.close();
    }
  });

  it('/benchmarks says when its results were measured on older code than the site shows', () => {
    const results = readFileSync(join(repoDir, 'apps/bench/results.md'), 'utf8');
    expect(resultsAge(results.replace(/tok at [0-9a-f]+/, 'tok at 0000000'), repoDir)).toMatch(/^::: warning Results of another version/);
    // Measured at the commit being built: nothing to say.
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoDir, encoding: 'utf8' }).trim();
    expect(resultsAge(`tok at ${head}`, repoDir)).toBe('');
    // Measured at the first commit: the packages' code has changed since.
    const first = execFileSync('git', ['rev-list', '--max-parents=0', '--abbrev-commit', 'HEAD'], { cwd: repoDir, encoding: 'utf8' }).trim().split('\n')[0]!;
    expect(resultsAge(`tok at ${first}`, repoDir)).toMatch(/^::: warning Results of an older version/);
    // As the site's build calls it: from the results' own folder.
    expect(resultsAge(`tok at ${first}`, join(repoDir, 'apps/bench'))).toMatch(/^::: warning Results of an older version/);
  });
});

describe('request builder', () => {
  const SECRET = 'a+b/c=d%e:f&g?h i';

  /** Fills the builder; returns its locator. */
  async function fill(watched: WatchedPage, { placement, secret = SECRET, show = true }: { placement: string; secret?: string; show?: boolean }) {
    const builder = watched.page.getByTestId('request-builder');
    await builder.getByTestId('rb-client-id').fill('my-client');
    await builder.getByTestId('rb-client-secret').fill(secret);
    await builder.getByTestId('rb-placement').selectOption(placement);
    if (show) await builder.getByTestId('rb-show-secret').check();
    else await builder.getByTestId('rb-show-secret').uncheck();
    return builder;
  }

  it("the Postman tab's Basic Auth settings send exactly the header of each Basic placement", async () => {
    const watched = await open('/request-builder');
    const seen = new Map<string, string>();
    for (const placement of ['basic', 'basic-raw', 'basic-with-client-id']) {
      const builder = await fill(watched, { placement });
      await builder.getByTestId('rb-tab-postman').click();
      const authorization = (await builder.getByTestId('rb-output').locator('tr', { hasText: 'Authorization tab' }).locator('td').textContent()) ?? '';
      const [, username, password] = /Username: (.*) · Password: (.*)$/.exec(authorization.trim()) ?? [];
      expect(username, `${placement}: ${authorization}`).toBeDefined();
      seen.set(placement, authorization);
      // Postman's Basic Auth: base64 of the UTF-8 of "username:password", exactly as typed.
      const postman = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
      const tok = buildTokenRequest(clientCredentials({ tokenUrl: 'https://auth.example.com/oauth/token', clientId: 'my-client', clientSecret: SECRET, placement: placement as 'basic' })).headers.authorization;
      expect(postman, `${placement}: Postman sends what tok sends`).toBe(tok);
    }
    expect(seen.get('basic'), 'basic and basic-raw need different Postman settings for this secret').not.toBe(seen.get('basic-raw'));
    expect(await watched.page.getByTestId('rb-postman-note').textContent()).toContain('form-encoded');
    expect(watched.problems).toEqual([]);
    await watched.page.close();
  });

  it('with the secret hidden, the curl of a Basic placement can be completed by hand to the header tok sends', async () => {
    const watched = await open('/request-builder');
    for (const placement of ['basic', 'basic-raw', 'basic-with-client-id']) {
      const builder = await fill(watched, { placement, show: false });
      await builder.getByTestId('rb-tab-curl').click();
      const curl = (await builder.getByTestId('rb-output').locator('pre').first().textContent()) ?? '';
      expect(curl, placement).not.toMatch(/authorization: Basic/i);
      expect(curl, placement).not.toContain(SECRET);
      const user = /--user '([^']*)'/.exec(curl)?.[1];
      expect(user, `${placement}: ${curl}`).toBeDefined();
      // What the reader does: put the secret where the placeholder says, as it says.
      const completed = user!.replace('YOUR_CLIENT_SECRET_FORM_ENCODED', formEncoded(SECRET)).replace('YOUR_CLIENT_SECRET', SECRET);
      const tok = buildTokenRequest(clientCredentials({ tokenUrl: 'https://auth.example.com/oauth/token', clientId: 'my-client', clientSecret: SECRET, placement: placement as 'basic' })).headers.authorization;
      expect(`Basic ${Buffer.from(completed, 'utf8').toString('base64')}`, placement).toBe(tok);
    }
    await watched.page.close();
  });

  it('a secret tok refuses for a placement is refused the same way whether it is shown or hidden', async () => {
    const watched = await open('/request-builder');
    const builder = await fill(watched, { placement: 'basic-raw', secret: 'sécret', show: true });
    const shown = await builder.getByTestId('rb-error').textContent();
    expect(shown).toMatch(/ASCII|non-ASCII|character/i);
    await builder.getByTestId('rb-show-secret').uncheck();
    expect(await builder.getByTestId('rb-error').textContent()).toBe(shown);
    expect(shown).not.toContain('sécret');
    await watched.page.close();
  });

  it('has a grant type field: client-credentials goes into the request and the tok configuration', async () => {
    const watched = await open('/request-builder');
    const builder = await fill(watched, { placement: 'form' });
    await builder.getByTestId('rb-grant-type').fill('client-credentials');
    await builder.getByTestId('rb-tab-http').click();
    expect(await builder.getByTestId('rb-output').locator('pre').first().textContent()).toContain('grant_type=client-credentials');
    await builder.getByTestId('rb-tab-tok').click();
    expect(await builder.getByTestId('rb-output').locator('pre').first().textContent()).toContain("grantType: \"client-credentials\"");
    await watched.page.close();
  });

  it('the wrong secret the page suggests trying is refused by the demo with invalid_client', async () => {
    const watched = await open('/request-builder');
    expect(docs('request-builder.md')).toContain('try a wrong');
    const builder = await fill(watched, { placement: 'basic', secret: 'not-the-playground-secret' });
    await builder.getByTestId('rb-client-id').fill('playground');
    await builder.getByTestId('rb-send').click();
    await expect.poll(() => builder.getByTestId('rb-reading').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await builder.getByTestId('rb-reading').textContent()).toContain('invalid_client');
    await watched.page.close();
  });

  it('on a static host without the demo: says so, keeps the example URL, and reads a 404 page as no token endpoint', async () => {
    const watched = await open('/request-builder', { at: staticOrigin });
    const builder = watched.page.getByTestId('request-builder');
    await expect.poll(() => builder.getByTestId('rb-no-demo').isVisible()).toBe(true);
    expect(await builder.getByTestId('rb-token-url').inputValue()).toBe('https://auth.example.com/oauth/token');
    await builder.getByTestId('rb-token-url').fill(`${staticOrigin}/oauth/token`);
    await fill(watched, { placement: 'basic' });
    await builder.getByTestId('rb-send').click();
    await expect.poll(() => builder.getByTestId('rb-reading').isVisible(), { timeout: 15_000 }).toBe(true);
    const reading = (await builder.getByTestId('rb-reading').textContent()) ?? '';
    expect(reading).toContain('No token endpoint answered');
    expect(reading).toContain('without its demo servers');
    expect(reading).not.toContain('tok would throw');
    await builder.screenshot({ path: join(screenshotDir, 'request-builder-no-demo.png') });
    await watched.page.close();
  });

  it('names every placement in its list', async () => {
    const watched = await open('/request-builder');
    const options = await watched.page.getByTestId('rb-placement').locator('option').allTextContents();
    expect(options).toEqual([...placements]);
    await watched.page.close();
  });
});

/** A static server with no rules of its own: a path is the file at that path, or a 404. */
function plainStaticServer(root: string): Server {
  return createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end('not found');
    const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.woff2': 'font/woff2' }[extname(file)];
    res.writeHead(200, type ? { 'content-type': type } : {});
    createReadStream(file).pipe(res);
  });
}

describe('first visit', () => {
  it('on a plain static server, a page reached by a link reloads (no clean URL that only a rewriting server can answer)', async () => {
    const plain = plainStaticServer(distDir);
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const at = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
      const { page } = await open('/', { at });
      // The header's links, as a visitor clicks them, then the browser's reload on each page.
      for (const [text, title] of [['Guide', 'Getting started'], ['Request builder', 'Request builder'], ['Changelog', 'Changelog']] as const) {
        await page.goto(`${at}/`, { waitUntil: 'networkidle' });
        await page.locator('.VPNavBarMenu a', { hasText: text }).first().click();
        await expect.poll(() => page.locator('.vp-doc h1').first().textContent()).toContain(title);
        const reloaded = await page.reload({ waitUntil: 'networkidle' });
        expect(reloaded?.status(), `${page.url()} reloads`).toBe(200);
        expect(await page.locator('.vp-doc h1').first().textContent(), `${page.url()} shows its page after a reload`).toContain(title);
      }
      await page.close();
    } finally {
      await new Promise((resolve) => plain.close(resolve));
    }
  });


  it('/getting-started says nothing is released yet, how to install from a clone, and the command for after the release', async () => {
    const { page } = await open('/getting-started');
    const install = page.locator('.vp-doc .warning', { hasText: 'Not released yet' });
    expect(await install.count()).toBe(1);
    const text = (await page.locator('.vp-doc').textContent()) ?? '';
    expect(text).toContain('pnpm pack:local');
    expect(text).toContain('npm install ../tok/tarballs/tok-core-');
    expect(text).toContain('npm install @tok/core @tok/fetch');
    // The root script the page names exists.
    expect(JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8')).scripts['pack:local']).toBeDefined();
    await page.close();
  });

  it('has a changelog page listing every public package, with what the first release brings', async () => {
    const { page } = await open('/changelog');
    const headings = await page.locator('.vp-doc h2').allTextContents();
    for (const name of ['@tok/core', '@tok/fetch', '@tok/axios', '@tok/ky']) expect(headings.map((h) => h.replace(/\u200b/g, '').trim())).toContain(name);
    const changeset = readFileSync(join(repoDir, '.changeset/core-initial.md'), 'utf8').split('---')[2]!.trim();
    expect((await page.locator('.vp-doc').textContent()) ?? '').toContain(changeset.slice(0, 60).replace(/`/g, ''));
    expect(await page.locator('.VPSidebar a', { hasText: 'Changelog' }).count()).toBeGreaterThan(0);
    expect(await page.locator('.VPDocFooter .edit-link').count(), 'a generated page has nothing to edit').toBe(0);
    await page.close();
  });

  it('links to the repository, and each guide page to its source with "Edit this page"', async () => {
    const { repository } = JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8')) as { repository: { url: string } };
    const repo = repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    const { page } = await open('/caching');
    expect(await page.locator(`.VPSocialLinks a[href="${repo}"]`).count()).toBeGreaterThan(0);
    expect(await page.locator('.VPDocFooter .edit-link a').getAttribute('href')).toBe(`${repo}/edit/main/docs/caching.md`);
    await page.close();
  });

  it('/caching: the lifetime caption gives the share the chart draws (50 % for 60 s, 80 % for an hour)', async () => {
    const { page } = await open('/caching');
    const figure = page.locator('.tok-lifetime');
    for (const [label, share] of [['60 s', '50 %'], ['1 hour', '80 %']] as const) {
      await figure.getByRole('button', { name: label, exact: true }).click();
      expect(await figure.getByTestId('lifetime-refresh').textContent(), label).toContain(share);
      expect(await figure.locator('svg').textContent(), label).toContain(`(${share})`);
    }
    await page.close();
  });

  it('the Run panel says what happens at the refresh point after a single run, and the next run refreshes', async () => {
    const watched = await browser.page();
    const { page } = watched;
    await page.clock.install();
    await page.goto(`${origin}/getting-started`, { waitUntil: 'networkidle' });
    const panel = page.getByTestId('run-fetch');
    await panel.getByTestId('run-button').click();
    await expect.poll(async () => panel.getAttribute('data-state'), { timeout: 20_000 }).toBe('done');
    const refreshIn = Number.parseInt((await panel.getByTestId('run-refresh-in').textContent()) ?? '', 10);
    expect(refreshIn).toBeGreaterThan(0);
    await page.clock.fastForward((refreshIn + 1) * 1000);
    await expect.poll(() => panel.getByTestId('run-refresh-note').textContent()).toContain('has not been used since it came');
    await panel.getByTestId('run-button').click();
    await expect.poll(async () => (await panel.getByTestId('run-events').textContent()) ?? '', { timeout: 20_000 }).toMatch(/new token[^]*new token/);
    await panel.screenshot({ path: join(screenshotDir, 'run-after-refresh-point.png') });
    await page.close();
  });
});
