// Size of each contender's client-credentials path: its wiring file (the code a user writes, and
// the library code it pulls in) bundled with esbuild, minified, the HTTP client external, gzip -9.
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { Contender } from '../contenders.js';
import { reason } from '../util.js';

export type SizeResult = { readonly minified: number; readonly gzip: number } | { readonly error: string };

export async function measureSizes(list: readonly Contender[]): Promise<Map<string, SizeResult>> {
  const results = new Map<string, SizeResult>();
  for (const contender of list) {
    try {
      results.set(contender.id, await measure(contender));
    } catch (error) {
      results.set(contender.id, { error: reason(error) });
    }
  }
  return results;
}

async function measure(contender: Contender): Promise<SizeResult> {
  const entry = fileURLToPath(new URL(`../wiring/${contender.id}.ts`, import.meta.url));
  const output = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: contender.platform,
    target: 'es2022',
    // Neutral: what any bundler resolves (ESM entry, `import` condition), no browser-only build.
    mainFields: ['module', 'main'],
    external: [...contender.external],
    write: false,
    logLevel: 'silent',
  });
  const code = output.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}
