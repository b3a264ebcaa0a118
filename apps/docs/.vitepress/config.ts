import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type DefaultTheme } from 'vitepress';
import { benchResults } from './plugins/benchResults';
import { faviconFallback } from './plugins/favicon';

const here = dirname(fileURLToPath(import.meta.url));
const app = resolve(here, '..');
// The pages live in docs/, outside this package, where no node_modules resolve: point the bare
// `vue` import of every compiled page at this package's Vue.
const vueDir = dirname(createRequire(import.meta.url).resolve('vue/package.json'));
const referenceSidebarFile = resolve(app, 'generated/reference-sidebar.json');

// Written by scripts/generate.ts (predev, prebuild, pretest) from the packages' TSDoc.
function referenceSidebar(): DefaultTheme.SidebarItem[] {
  if (!existsSync(referenceSidebarFile)) return [{ text: 'Run pnpm run generate in apps/docs', link: '/reference/' }];
  return JSON.parse(readFileSync(referenceSidebarFile, 'utf8')) as DefaultTheme.SidebarItem[];
}

// demo/start.ts sets this to the demo backend (token route, demo API, demo authorization server).
// Without it the site still works; the live examples then say that the demo servers are not running.
const demoOrigin = process.env.TOK_DEMO_ORIGIN;
const proxy = demoOrigin
  ? {
      '/api/': { target: demoOrigin, changeOrigin: false },
      '/oauth/': { target: demoOrigin, changeOrigin: false },
    }
  : undefined;

// The repository, for the header's link and "Edit this page": the root package.json's `repository`.
const repository = (JSON.parse(readFileSync(resolve(app, '../../package.json'), 'utf8')) as { repository: { url: string } }).repository.url
  .replace(/^git\+/, '')
  .replace(/\.git$/, '');
const docsDir = resolve(app, '../../docs');
const GITHUB_ICON =
  '<svg role="img" viewBox="0 0 24 24" xmlns="http://www.w3.org/2000/svg"><title>GitHub</title><path d="M12 .297c-6.63 0-12 5.373-12 12 0 5.303 3.438 9.8 8.205 11.385.6.113.82-.258.82-.577 0-.285-.01-1.04-.015-2.04-3.338.724-4.042-1.61-4.042-1.61C4.422 18.07 3.633 17.7 3.633 17.7c-1.087-.744.084-.729.084-.729 1.205.084 1.838 1.236 1.838 1.236 1.07 1.835 2.809 1.305 3.495.998.108-.776.417-1.305.76-1.605-2.665-.3-5.466-1.332-5.466-5.93 0-1.31.465-2.38 1.235-3.22-.135-.303-.54-1.523.105-3.176 0 0 1.005-.322 3.3 1.23.96-.267 1.98-.399 3-.405 1.02.006 2.04.138 3 .405 2.28-1.552 3.285-1.23 3.285-1.23.645 1.653.24 2.873.12 3.176.765.84 1.23 1.91 1.23 3.22 0 4.61-2.805 5.625-5.475 5.92.42.36.81 1.096.81 2.22 0 1.606-.015 2.896-.015 3.286 0 .315.21.69.825.57C20.565 22.092 24 17.592 24 12.297c0-6.627-5.373-12-12-12"/></svg>';
// Pages some packages bring: listed once they exist.
const ifPage = (text: string, link: string): DefaultTheme.SidebarItem[] => (existsSync(resolve(docsDir, `${link.slice(1)}.md`)) ? [{ text, link }] : []);

const guide: DefaultTheme.SidebarItem[] = [
  {
    text: 'Start here',
    items: [
      { text: 'Getting started', link: '/getting-started' },
      { text: 'Generate a bearer token', link: '/generate-a-token' },
      { text: 'Credential placements', link: '/placements' },
      { text: 'Request builder', link: '/request-builder' },
    ],
  },
  {
    text: 'Adapters',
    items: [
      { text: 'axios in a frontend', link: '/adapters/axios' },
      { text: 'ky in an edge runtime', link: '/adapters/ky' },
      { text: 'fetch in Deno, Bun and Node', link: '/adapters/fetch' },
      { text: 'A typed client (openapi-fetch)', link: '/adapters/openapi-fetch' },
      ...ifPage('Typed clients from OpenAPI', '/openapi-fetch'),
    ],
  },
  {
    text: 'How tok behaves',
    items: [
      { text: 'Caching, refresh and expiry', link: '/caching' },
      { text: 'Errors and troubleshooting', link: '/errors' },
      { text: 'Security', link: '/security' },
      ...ifPage('Many processes (fleets)', '/fleets'),
      ...ifPage('Observability', '/observability'),
      ...ifPage('Testing your code', '/testing'),
    ],
  },
  {
    text: 'More',
    items: [
      { text: 'Provider recipes', link: '/providers' },
      ...ifPage('Command line', '/cli'),
      { text: 'Benchmarks', link: '/benchmarks' },
      { text: 'API reference', link: '/reference/' },
      { text: 'Changelog', link: '/changelog' },
    ],
  },
];

// The pages live outside this package (docs/), where Vite cannot resolve VitePress's own nested
// dependencies by name ("vitepress > @vueuse/core") for its pre-bundling list, and says so five
// times at every start. They cannot be pre-bundled from here either way (VitePress serves them
// as they are), so the list drops them and `pnpm start` stays quiet.
const unresolvableIncludes = {
  name: 'tok-unresolvable-includes',
  enforce: 'post' as const,
  config(config: { optimizeDeps?: { include?: string[] } }) {
    if (config.optimizeDeps?.include) config.optimizeDeps.include = config.optimizeDeps.include.filter((id) => !id.startsWith('vitepress > '));
  },
};

export default defineConfig({
  srcDir: '../../docs',
  title: 'tok',
  description: 'OAuth 2.0 client-credentials bearer tokens for fetch, axios and ky: fetched once, cached, refreshed ahead, sent only where they belong.',
  lang: 'en-GB',
  // Links end in .html, so that every page of the build reloads on any static host, including one
  // that maps /x to nothing but the file x (clean URLs need a server that tries x.html). The demo
  // server (demo/static.ts) still answers /x with x.html for links written without it.
  cleanUrls: false,
  lastUpdated: false,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/logo.svg' }]],
  markdown: {
    theme: { light: 'github-light', dark: 'github-dark' },
  },
  themeConfig: {
    logo: '/logo.svg',
    nav: [
      { text: 'Guide', link: '/getting-started', activeMatch: '^/(getting-started|generate-a-token|placements|adapters|caching|errors|security|providers)' },
      { text: 'Request builder', link: '/request-builder' },
      { text: 'Reference', link: '/reference/', activeMatch: '^/reference/' },
      { text: 'Benchmarks', link: '/benchmarks' },
      { text: 'Changelog', link: '/changelog' },
    ],
    // The icon inline: VitePress's named icons load from a CDN in the dev server, and the site
    // makes no request outside its own origin.
    socialLinks: [{ icon: { svg: GITHUB_ICON }, link: repository, ariaLabel: 'tok on GitHub' }],
    // Generated pages (the reference, the changelog) say `editLink: false` in their front matter.
    editLink: { pattern: `${repository}/edit/main/docs/:path`, text: 'Edit this page' },
    sidebar: {
      '/reference/': [{ text: 'Guide', link: '/getting-started' }, ...referenceSidebar()],
      '/': guide,
    },
    outline: { level: [2, 3] },
    search: { provider: 'local' },
    footer: {
      message: 'MIT licensed. Client secrets belong on servers, never in a browser bundle.',
    },
  },
  vite: {
    plugins: [unresolvableIncludes, benchResults(resolve(app, '../bench/results.md')), faviconFallback(resolve(app, '../../docs/public/logo.svg'))],
    resolve: { alias: [{ find: /^vue(\/.*)?$/, replacement: `${vueDir}$1` }] },
    server: proxy ? { proxy } : {},
    // The Vite root is docs/, where no node_modules resolve: let the dependency scan start from
    // the theme and the live examples instead, so that their packages are pre-bundled at start
    // rather than discovered (with a full page reload) on the first visit.
    optimizeDeps: { entries: [resolve(here, 'theme/index.ts'), resolve(app, 'examples/*.ts')] },
  },
});
