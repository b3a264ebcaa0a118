import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchResults } from '../.vitepress/plugins/benchResults';

const dir = mkdtempSync(join(tmpdir(), 'tok-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function transform(resultsFile: string, code: string): string | undefined {
  const plugin = benchResults(resultsFile) as { transform: (this: unknown, code: string, id: string) => string | undefined };
  return plugin.transform.call({ addWatchFile() {} }, code, '/docs/benchmarks.md');
}

describe('benchmarks page', () => {
  it('renders apps/bench/results.md as it is at build time', () => {
    const file = join(dir, 'results.md');
    writeFileSync(file, '# Results\n\n| library | token requests |\n|---|---|\n| tok | 1 |\n');
    const page = transform(file, 'intro\n\n<!-- bench-results -->\n');
    expect(page).toContain('| tok | 1 |');
    expect(page).not.toContain('# Results');
    expect(page).toContain('::: v-pre');
  });

  it('says how to produce the table when there are no results, and invents none', () => {
    const page = transform(join(dir, 'missing.md'), '<!-- bench-results -->');
    expect(page).toContain('No results on this machine yet');
    expect(page).toContain('pnpm bench');
    expect(page).not.toContain('|');
  });

  it('leaves other pages alone', () => {
    expect(transform(join(dir, 'missing.md'), '# Another page')).toBeUndefined();
  });
});
