// The code samples of the READMEs and of docs/, extracted so that a test can type-check each one as
// a user would paste it: a module of its own in a strict project (`strict`,
// `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`), module `nodenext`, no DOM lib.
// Used by the consumer test (every README, against the packed tarballs) and by the docs site's
// test (every page of docs/, against the workspace packages).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One fenced `ts` or `js` block of a Markdown file. */
export interface CodeSample {
  /** The Markdown file, as given. */
  readonly file: string;
  /** The line of the opening fence, 1-based. */
  readonly line: number;
  readonly lang: 'ts' | 'js';
  /** The block as the page shows it. */
  readonly code: string;
  /**
   * What the page says the block stands in (not shown on the site): the declarations of an earlier
   * block it continues, e.g. `declare const grant: Grant;`. From an HTML comment
   * `<!-- sample setup: … -->` just before the block, after `<!-- samples setup: … -->` for the page.
   */
  readonly setup: string;
}

const FENCE = /^(\s*)```(ts|typescript|js|javascript|mjs)\b[^\n]*\n([^]*?)^\1```\s*$/gm;
const PAGE_SETUP = /<!-- samples setup:\n([^]*?)-->/g;
const BLOCK_SETUP = /<!-- sample setup:\n([^]*?)-->\s*$/;

/** The `ts` and `js` blocks of `markdown` (inside VitePress `::: code-group`s too). */
export function codeSamples(markdown: string, file: string): CodeSample[] {
  const pageSetup = [...markdown.matchAll(PAGE_SETUP)].map((match) => match[1]!).join('');
  let previousEnd = 0;
  return [...markdown.matchAll(FENCE)].map((match) => {
    const before = markdown.slice(0, match.index);
    // Only a comment between the previous block and this one is this block's setup.
    const blockSetup = BLOCK_SETUP.exec(markdown.slice(previousEnd, match.index))?.[1] ?? '';
    previousEnd = match.index + match[0].length;
    return {
      file,
      line: before.split('\n').length,
      lang: match[2]!.startsWith('t') ? 'ts' : 'js',
      code: match[3]!.replace(new RegExp(`^${match[1]}`, 'gm'), ''),
      setup: pageSetup + blockSetup,
    };
  });
}

/** The samples of each Markdown file. */
export function codeSamplesOf(files: readonly string[]): CodeSample[] {
  return files.flatMap((file) => codeSamples(readFileSync(file, 'utf8'), file));
}

// `// token-route.ts` (optionally followed by `: what it is`) as a block's first line: the block is
// that file of the user's project, which later blocks import as `./token-route.js`.
const NAMED = /^\/\/ ([\w.-]+\.(?:ts|js))\b/;
// `<!-- sample file session.ts: … -->`: a file the page's samples import but the page does not show.
const HIDDEN_FILE = /<!-- sample file ([\w.-]+\.(?:ts|js)):\n([^]*?)-->/g;

/**
 * Writes each Markdown file's samples into a folder of its own under `dir` (named after the file
 * relative to `relativeTo`): a named block under its name, any other block as a module of its own
 * (`.mts`/`.mjs`: ESM whatever the project's `type`, so top-level `await` is what it is for a user),
 * the page's hidden files beside them. Returns the samples by the path tsc reports them under.
 */
export function writeSamples(dir: string, files: readonly string[], relativeTo: string): Map<string, CodeSample> {
  const written = new Map<string, CodeSample>();
  for (const file of files) {
    const markdown = readFileSync(file, 'utf8');
    const relativeName = file.startsWith(relativeTo) ? file.slice(relativeTo.length).replace(/^\//, '') : file;
    const folder = relativeName.replace(/\.md$/, '').replace(/[^\w]+/g, '_');
    mkdirSync(join(dir, folder), { recursive: true });
    for (const [, name, code] of markdown.matchAll(HIDDEN_FILE)) writeFileSync(join(dir, folder, name!), `${code}\nexport {};\n`);
    for (const sample of codeSamples(markdown, file)) {
      const name = NAMED.exec(sample.code)?.[1] ?? `L${sample.line}.${sample.lang === 'ts' ? 'mts' : 'mjs'}`;
      written.set(`${folder}/${name}`, sample);
      writeFileSync(join(dir, folder, name), sampleModule(sample));
    }
  }
  return written;
}

/**
 * A sample as a module: its setup on its first line (so that tsc's line numbers are the block's),
 * the sample as written, and `export {}` so that it is a module even without imports.
 */
export function sampleModule(sample: CodeSample): string {
  return `${sample.setup.replace(/\n/g, ' ')}\n${sample.code}\nexport {};\n`;
}

/** The strict project a sample is compiled in: Node's types, no DOM lib, library types checked. */
export const strictCompilerOptions = {
  target: 'es2022',
  lib: ['es2022'],
  types: ['node'],
  module: 'nodenext',
  moduleResolution: 'nodenext',
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: false,
  allowJs: true,
  checkJs: true,
  noEmit: true,
} as const;

/**
 * tsc's diagnostics (`file(line,col): error TS…`) mapped back to the Markdown file and line of the
 * sample they are in, for a failure message a writer can act on.
 */
export function explainDiagnostics(output: string, samples: ReadonlyMap<string, CodeSample>): string {
  return output
    .split('\n')
    .map((line) => {
      const match = /^(.*?)\((\d+),(\d+)\): (.*)$/.exec(line);
      const key = match ? [...samples.keys()].find((name) => match[1]!.endsWith(`/${name}`) || match[1] === name) : undefined;
      const sample = key === undefined ? undefined : samples.get(key);
      return sample && match ? `${sample.file}:${sample.line + Number(match[2]) - 1}: ${match[4]}` : line;
    })
    .filter((line) => line.trim() !== '')
    .join('\n');
}
