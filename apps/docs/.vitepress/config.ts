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
  cleanUrls: true,
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
    socialLinks: [{ icon: 'github', link: repository, ariaLabel: 'tok on GitHub' }],
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
