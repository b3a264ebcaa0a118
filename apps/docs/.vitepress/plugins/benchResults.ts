import { existsSync, readFileSync } from 'node:fs';
import type { VitePlugin as Plugin } from './types';

const MARKER = '<!-- bench-results -->';

const NOT_YET = `::: info No results on this machine yet
The results table is produced by running the benchmarks, never written by hand: run
\`pnpm bench\` (below), then build or serve the site again.
:::`;

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
      // A results file is data, not a Vue template: render it with Vue interpolation off.
      const results = existsSync(resultsFile) ? `::: v-pre\n${readFileSync(resultsFile, 'utf8').replace(/^#\s.*\n/, '')}\n:::` : NOT_YET;
      return code.replace(MARKER, results);
    },
  };
}
