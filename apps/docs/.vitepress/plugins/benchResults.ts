import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { VitePlugin as Plugin } from './types';

const MARKER = '<!-- bench-results -->';

const NOT_YET = `::: info No results on this machine yet
The results table is produced by running the benchmarks, never written by hand: run
\`pnpm bench\` (below), then build or serve the site again.
:::`;

/** `git` in the results' repository; undefined where there is no git or no such commit. */
function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * What the page says about the age of the results: the commit they were measured at ("tok at
 * <commit>" in results.md) against the commit being built. When the packages' code changed in
 * between, the numbers are of an older tok, and the page says so above them.
 */
export function resultsAge(results: string, repoDir: string): string {
  const measured = /\btok at ([0-9a-f]{7,40})\b/.exec(results)?.[1];
  const head = git(repoDir, ['rev-parse', '--short', 'HEAD']);
  if (measured === undefined || head === undefined) return '';
  if (git(repoDir, ['cat-file', '-e', `${measured}^{commit}`]) === undefined) {
    return `::: warning Results of another version\nThese results were measured at commit ${measured}, which this checkout (${head}) does not have. Run \`pnpm bench\` for numbers of this version.\n:::\n\n`;
  }
  const changed = git(repoDir, ['diff', '--name-only', measured, 'HEAD', '--', ':(top,glob)packages/*/src/**', ':(top,exclude,glob)packages/*/src/**/__tests__/**']);
  if (!changed) return '';
  const commits = git(repoDir, ['rev-list', '--count', `${measured}..HEAD`]) ?? 'some';
  return `::: warning Results of an older version\nThese results were measured at commit ${measured}; this site is built at ${head}, ${commits} commits later, and the packages' code has changed since (${changed.split('\n').length} files). The numbers may differ for this version: run \`pnpm bench\` to measure it.\n:::\n\n`;
}

/**
 * Replaces `<!-- bench-results -->` in a page with apps/bench/results.md as it is when the site is
 * built (or served), or with a note saying how to produce it. Nothing is made up in between.
 */
export function benchResults(resultsFile: string): Plugin {
  return {
    name: 'tok-bench-results',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('.md') || !code.includes(MARKER)) return undefined;
      this.addWatchFile(resultsFile);
      if (!existsSync(resultsFile)) return code.replace(MARKER, NOT_YET);
      const text = readFileSync(resultsFile, 'utf8');
      // A results file is data, not a Vue template: rendered with Vue interpolation off, in a
      // block whose wide tables wrap to the content column instead of hiding columns.
      return code.replace(MARKER, `${resultsAge(text, dirname(resultsFile))}<div class="tok-bench">\n\n::: v-pre\n${text.replace(/^#\s.*\n/, '')}\n:::\n\n</div>`);
    },
  };
}
