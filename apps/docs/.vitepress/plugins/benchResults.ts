import { existsSync, readFileSync } from 'node:fs';
import type { VitePlugin as Plugin } from './types';

const MARKER = '<!-- bench-results -->';

const NOT_YET = `::: info No results on this machine yet
This table is produced by running the benchmarks, not written by hand. Run

\`\`\`sh
pnpm bench
\`\`\`

from the repository root: it writes \`apps/bench/results.md\`, and this page shows it the next time
the site is built or served.
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
      const results = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8').replace(/^#\s.*\n/, '') : NOT_YET;
      return code.replace(MARKER, results);
    },
  };
}
