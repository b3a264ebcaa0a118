// Generates what the docs site needs before `vitepress dev`, `vitepress build` and the tests:
//   generated/demo-api.ts      types of the demo API, from demo/openapi.yaml (openapi-typescript)
//   ../../docs/reference/**    the API reference, from the packages' TSDoc (typedoc + markdown):
//                              one page per entry of each package's `exports` (@tok/core and
//                              @tok/core/adapter; a package with more than one lists them in its
//                              typedoc.json, which overrides the entryPoints below)
//   generated/reference-sidebar.json   the reference's sidebar
//   ../../docs/changelog.md    the changelog: the packages' CHANGELOG.md files and pending changesets
// All of it is gitignored: the sources are the OpenAPI document and the TSDoc.
// `--types-only` stops after the demo API types (what `typecheck` needs).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, type TypeDocOptions } from 'typedoc';
import type { PluginOptions } from 'typedoc-plugin-markdown';
import { changelogPage } from './changelog';

const here = dirname(fileURLToPath(import.meta.url));
const app = resolve(here, '..');
const repo = resolve(app, '../..');
const generated = join(app, 'generated');
const referenceDir = join(repo, 'docs/reference');

/** The published packages the reference documents, in sidebar order. */
export const referencePackages = ['core', 'fetch', 'axios', 'ky'] as const;

mkdirSync(generated, { recursive: true });

execFileSync(join(app, 'node_modules/.bin/openapi-typescript'), ['demo/openapi.yaml', '-o', 'generated/demo-api.ts'], {
  cwd: app,
  stdio: ['ignore', 'ignore', 'inherit'],
});

if (process.argv.includes('--types-only')) {
  console.log('[docs] generated the demo API types');
  process.exit(0);
}

// The changelog page: the packages' CHANGELOG.md files and the pending changesets.
writeFileSync(join(repo, 'docs/changelog.md'), changelogPage(join(repo, 'packages'), join(repo, '.changeset')));

const missing = referencePackages.filter((name) => !existsSync(join(repo, 'packages', name, 'src/index.ts')));
if (missing.length > 0) {
  // Adapters still being written: document what exists, and say so loudly.
  console.warn(`[docs] API reference: no src/index.ts yet in packages/${missing.join(', packages/')}`);
}
const present = referencePackages.filter((name) => !missing.includes(name));

rmSync(referenceDir, { recursive: true, force: true });
const options: TypeDocOptions & PluginOptions = {
  entryPointStrategy: 'packages',
  entryPoints: present.map((name) => join(repo, 'packages', name)),
  // Each package is converted with these options. Type errors are the packages' own typecheck
  // task's business (and their tests' files are not part of the API): document what is exported.
  packageOptions: {
    entryPoints: ['src/index.ts'],
    exclude: ['**/__tests__/**'],
    excludeExternals: true,
    skipErrorChecking: true,
    disableGit: true,
    sourceLinkTemplate: '{path}',
    disableSources: true,
  },
  plugin: ['typedoc-plugin-markdown'],
  out: referenceDir,
  name: 'API reference',
  readme: 'none',
  entryFileName: 'index',
  // One page per package, its exports as sections: easy to scan, quick to build and to test.
  outputFileStrategy: 'modules',
  hidePageHeader: true,
  hideBreadcrumbs: true,
  useCodeBlocks: true,
  // typedoc's anchors (SALESFORCE_SESSION_TIMEOUT_MS) differ from VitePress's heading ids: emit its own.
  useHTMLAnchors: true,
  expandObjects: false,
  parametersFormat: 'table',
  interfacePropertiesFormat: 'table',
  classPropertiesFormat: 'table',
  typeDeclarationFormat: 'table',
  enumMembersFormat: 'table',
  sanitizeComments: true,
  excludePrivate: true,
  excludeInternal: true,
  disableSources: true,
  disableGit: true,
  githubPages: false,
  logLevel: 'Warn',
  // Type errors are the packages' own typecheck task's business; the reference documents what is there.
  skipErrorChecking: true,
  validation: { notExported: false, invalidLink: true, notDocumented: false },
};
const typedoc = await Application.bootstrapWithPlugins(options);
const project = await typedoc.convert();
if (!project) throw new Error('typedoc could not convert the packages; see the messages above');
await typedoc.generateOutputs(project);
if (typedoc.logger.hasErrors()) throw new Error('typedoc reported errors; see the messages above');

onePagePerEntry(referenceDir);
checkEveryEntryDocumented(referenceDir);
disableVue(referenceDir);
writeFileSync(join(generated, 'reference-sidebar.json'), `${JSON.stringify(sidebar(referenceDir), null, 2)}\n`);
writeFileSync(join(referenceDir, '.gitignore'), '*\n');
console.log(`[docs] generated the demo API types and the API reference for ${present.map((n) => `@tok/${n}`).join(', ')}`);

interface Item {
  text: string;
  link: string;
}

// The packages overview, then one page per package (typedoc's `modules` layout: @tok/<name>.md,
// or the root page alone when only one package is documented), each followed by the pages of its
// other entries (@tok/core/adapter). Each page's outline lists its exports.
function sidebar(root: string): Item[] {
  const link = (file: string) => `/${relative(join(repo, 'docs'), file).replace(/\\/g, '/').replace(/(index)?\.md$/, '')}`;
  if (!existsSync(join(root, '@tok'))) return [{ text: `@tok/${present[0]}`, link: link(join(root, 'index.md')) }];
  const pages = readdirSync(join(root, '@tok'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => file.slice(0, -3))
    .sort(byPackageOrder);
  return [
    { text: 'Packages', link: link(join(root, 'index.md')) },
    ...pages.flatMap((name) => [
      { text: `@tok/${name}`, link: link(join(root, '@tok', `${name}.md`)) },
      ...subpathPages(root, name).map((sub) => ({ text: `@tok/${name}/${sub}`, link: link(join(root, '@tok', name, `${sub}.md`)) })),
    ]),
  ];
}

/** The pages of a package's entries other than its root: @tok/<name>/<subpath>.md. */
function subpathPages(root: string, name: string): string[] {
  const dir = join(root, '@tok', name);
  return existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.md')).map((file) => file.slice(0, -3)).sort() : [];
}

/**
 * typedoc puts a package with several entries in a folder, its root page at @tok/<name>/index.md
 * (served at /reference/@tok/<name>/). Its root page moves to @tok/<name>.md, where a package with
 * one entry has it, so that every package's page has the same address; the other entries keep their
 * pages in the folder, titled by their import path. Links to and from the moved page are rewritten.
 */
function onePagePerEntry(root: string): void {
  const scope = join(root, '@tok');
  if (!existsSync(scope)) return;
  for (const name of readdirSync(scope)) {
    const from = join(scope, name, 'index.md');
    if (!existsSync(from)) continue;
    const to = join(scope, `${name}.md`);
    for (const file of markdownFiles(root)) {
      const moved = file === from ? to : file;
      const text = readFileSync(file, 'utf8').replace(/\]\(([^)#\s:]+\.md)(#[^)\s]*)?\)/g, (_, target: string, hash = '') => {
        const resolved = resolve(dirname(file), target);
        return `](${relative(dirname(moved), resolved === from ? to : resolved).replace(/\\/g, '/')}${hash})`;
      });
      writeFileSync(moved, text);
    }
    unlinkSync(from);
    for (const sub of subpathPages(root, name)) {
      const page = join(scope, name, `${sub}.md`);
      writeFileSync(page, readFileSync(page, 'utf8').replace(new RegExp(`^# ${sub}$`, 'm'), `# @tok/${name}/${sub}`));
    }
  }
}

/** Fails the generation when an entry of a package's `exports` has no page: a typedoc.json that forgot it. */
function checkEveryEntryDocumented(root: string): void {
  for (const name of present) {
    const manifest = JSON.parse(readFileSync(join(repo, 'packages', name, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    const subpaths = Object.keys(manifest.exports).filter((key) => key !== '.' && !key.endsWith('.json')).map((key) => key.slice(2));
    const missing = subpaths.filter((sub) => !subpathPages(root, name).includes(sub));
    if (missing.length > 0) {
      throw new Error(`@tok/${name} exports ${missing.map((sub) => `./${sub}`).join(', ')} without a reference page; list its source in packages/${name}/typedoc.json entryPoints`);
    }
  }
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

// VitePress reads Markdown as a Vue template: `{{ }}` in a doc comment would be evaluated.
function disableVue(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) disableVue(path);
    // Made from the TSDoc: no "Edit this page" link to a file that does not exist.
    else if (entry.name.endsWith('.md')) writeFileSync(path, `---\neditLink: false\n---\n\n::: v-pre\n${readFileSync(path, 'utf8')}\n:::\n`);
  }
}

function byPackageOrder(a: string, b: string): number {
  const order: readonly string[] = referencePackages;
  return order.indexOf(a) - order.indexOf(b);
}
