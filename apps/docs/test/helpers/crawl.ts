import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { WatchedPage } from './browser';
import { repoDir } from './paths';

/** Every Run panel: its `data-testid` is `run-<example>` (its parts' ids start with `run-` too). */
export const RUN_PANELS = '[data-testid^="run-"][data-runs]';

/** What one crawled page showed. */
export interface CrawledPage {
  readonly status: number | undefined;
  readonly notFound: boolean;
  /** Console errors, page errors and HTTP errors seen while the page loaded. */
  readonly problems: string[];
  readonly ids: ReadonlySet<string>;
  /** Links to this site: the page path (without `.html`) and the decoded anchor. */
  readonly links: readonly { readonly to: string; readonly hash: string }[];
  /** The example of each Run panel on the page, in page order. */
  readonly panels: readonly string[];
}

/**
 * Opens every page reachable from `start` by the site's own links, one after the other in one tab,
 * and notes what each showed. `visit` runs on each page once it has loaded (for screenshots).
 */
export async function crawl(
  watched: WatchedPage,
  origin: string,
  start: readonly string[],
  visit?: (path: string) => Promise<void>,
): Promise<Map<string, CrawledPage>> {
  const { page, problems } = watched;
  const queue = [...start];
  const seen = new Set<string>(queue);
  const pages = new Map<string, CrawledPage>();
  while (queue.length > 0) {
    const path = queue.shift()!;
    const before = problems.length;
    const response = await page.goto(origin + path, { waitUntil: 'networkidle' });
    const found = await page.evaluate((panels) => ({
      notFound: document.querySelector('.NotFound') !== null,
      ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
      hrefs: [...document.querySelectorAll<HTMLAnchorElement>('a[href]')].map((a) => a.href),
      panels: [...document.querySelectorAll<HTMLElement>(panels)].map((e) => (e.dataset.testid ?? '').slice('run-'.length)),
    }), RUN_PANELS);
    const links: { to: string; hash: string }[] = [];
    for (const href of found.hrefs) {
      const url = new URL(href);
      if (url.origin !== origin) continue;
      const to = url.pathname.replace(/\.html$/, '');
      links.push({ to, hash: decodeURIComponent(url.hash.slice(1)) });
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
    pages.set(path, {
      status: response?.status(),
      notFound: found.notFound,
      problems: problems.slice(before),
      ids: new Set(found.ids),
      links,
      panels: found.panels,
    });
    await visit?.(path);
  }
  return pages;
}

/** The Run panels of crawled pages, as `path → examples`, for pages that have any. */
export function panelsOf(pages: ReadonlyMap<string, CrawledPage>): Record<string, readonly string[]> {
  return Object.fromEntries([...pages].filter(([, p]) => p.panels.length > 0).map(([path, p]) => [path, p.panels]));
}

/**
 * The `<RunPanel example="…">` tags written in the guides (docs/**\/*.md), as `path → examples`:
 * what a crawl must find, so that a panel on a page no link leads to does not go untested.
 */
export function panelsInGuides(): Record<string, readonly string[]> {
  const docs = join(repoDir, 'docs');
  const found: Record<string, string[]> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.md')) {
        const examples = [...readFileSync(full, 'utf8').matchAll(/<RunPanel\b[^>]*\bexample="([^"]+)"/g)].map((m) => m[1]!);
        if (examples.length === 0) continue;
        const path = `/${relative(docs, full).replace(/\.md$/, '').replace(/(^|\/)index$/, '$1')}`;
        found[path] = examples;
      }
    }
  };
  walk(docs);
  return found;
}
