// The module graph of src/ has no cycles: each layer can be read, tested and changed on its own.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('..', import.meta.url));
const IMPORT = /^(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gm;

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : modules(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => resolve(dirname(file), (match[1] ?? '').replace(/\.js$/, '.ts')));
}

// Every cycle found by a depth-first walk, as a list of files relative to src/.
function cycles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      found.push(path.slice(path.indexOf(file)).concat(file).map((f) => relative(src, f)));
      return;
    }
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    path.pop();
    state.set(file, 'done');
  };
  for (const file of files) visit(file);
  return found;
}

describe('the module graph', () => {
  const files = modules(src);

  it('reads every module and its relative imports', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(importsOf(join(src, 'source/flight.ts'))).toContain(join(src, 'http/types.ts'));
  });

  it('finds a cycle when there is one (the check can fail)', () => {
    expect(cycles([join(src, '__tests__/helpers/cycleA.ts'), join(src, '__tests__/helpers/cycleB.ts')])).toEqual([
      ['__tests__/helpers/cycleA.ts', '__tests__/helpers/cycleB.ts', '__tests__/helpers/cycleA.ts'],
    ]);
  });

  it('has no import cycles, type imports included', () => {
    expect(cycles(files)).toEqual([]);
  });
});
