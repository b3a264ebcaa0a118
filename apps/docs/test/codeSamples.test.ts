// Every `ts` and `js` block of docs/ type-checks as a user would paste it: each block a module of its
// own in a strict project (`strict`, `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`),
// module nodenext, Node's types and no DOM lib, against the packages' built types. A block that
// continues an earlier one says what it stands on in a `<!-- sample setup: … -->` comment before it.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { codeSamplesOf, explainDiagnostics, strictCompilerOptions, writeSamples } from '../../../scripts/code-samples';
import { appDir, repoDir } from './helpers/paths';

const docsDir = join(repoDir, 'docs');
const pages = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? (entry.name === 'reference' || entry.name === 'public' ? [] : pages(join(dir, entry.name))) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
  );

// What Deno and Bun give a module, for the pages' Deno and Bun samples: their environment, and
// Deno's `npm:` specifiers for the packages (the same types as the plain names).
const RUNTIMES = `declare const Deno: { readonly env: { get(name: string): string | undefined } };
declare const Bun: { readonly env: Readonly<Record<string, string | undefined>> };
declare module 'npm:@tok/core' { export * from '@tok/core'; }
declare module 'npm:@tok/fetch' { export * from '@tok/fetch'; }
`;

describe('the code samples of docs/', () => {
  const samples = codeSamplesOf(pages(docsDir));

  it('are found on the pages that have them', () => {
    const files = new Set(samples.map((sample) => sample.file.slice(docsDir.length + 1)));
    for (const page of ['getting-started.md', 'placements.md', 'errors.md', 'adapters/fetch.md', 'adapters/openapi-fetch.md']) expect(files).toContain(page);
    expect(samples.length).toBeGreaterThanOrEqual(25);
  });

  it('type-check under strict and exactOptionalPropertyTypes, without the DOM lib', async () => {
    // Inside apps/docs, so that the packages and axios, ky and openapi-fetch resolve as a user's would.
    const dir = join(appDir, 'generated/samples');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const byFile = writeSamples(dir, pages(docsDir), docsDir);
    writeFileSync(join(dir, 'runtimes.d.ts'), RUNTIMES);
    // The openapi-fetch page imports the types openapi-typescript generates (`./api.js`): the demo API's.
    writeFileSync(join(dir, 'adapters_openapi_fetch/api.d.ts'), "export type { paths } from '../../demo-api.js';\n");
    const include = ['**/*.mts', '**/*.mjs', '**/*.ts', '**/*.js'];
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...strictCompilerOptions, typeRoots: [join(repoDir, 'node_modules/@types')] }, include }, null, 2));
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' }).then(
      () => '',
      (error: { stdout?: string; message: string }) => error.stdout || error.message,
    );
    expect(explainDiagnostics(result, byFile), 'every docs sample compiles').toBe('');
  });

  it('report a mistake at its line in the Markdown file', () => {
    const [sample] = codeSamplesOf([join(docsDir, 'placements.md')]);
    const explained = explainDiagnostics(`generated/samples/placements/L${sample!.line}.mts(3,7): error TS2322: nope`, new Map([[`placements/L${sample!.line}.mts`, sample!]]));
    expect(explained).toBe(`${sample!.file}:${sample!.line + 2}: error TS2322: nope`);
  });
});
