#!/usr/bin/env node
// Publishes the web-standard packages (those with a jsr.json: @tok/core, @tok/fetch, @tok/ky) to
// JSR for Deno users, from their TypeScript sources.
//   node scripts/jsr.mjs --dry-run   what CI runs: Deno type-checks and packs each, uploads nothing
//   node scripts/jsr.mjs             the release (in CI with OIDC, or after `deno login`)
// Each package's jsr.json holds its name, exports and files; the version is its package.json's, so
// that `changeset version` versions npm and JSR alike. The packages are laid out as one Deno
// workspace in a temporary folder, where `@tok/fetch`'s `@tok/core` imports resolve to the sibling
// (and are published as `jsr:@tok/core@^<version>`), without a deno.json in the repository that
// would change how the runtime tests run Deno.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DENO = 'deno@2.9.6';
const repoDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The packages with a jsr.json, in `fromDir/packages`: `[{ dir, name }]`. */
export function jsrPackages(fromDir = repoDir) {
  const packagesDir = join(fromDir, 'packages');
  return readdirSync(packagesDir)
    .filter((dir) => existsSync(join(packagesDir, dir, 'jsr.json')))
    .map((dir) => ({ dir, name: JSON.parse(readFileSync(join(packagesDir, dir, 'jsr.json'), 'utf8')).name }));
}

/**
 * Lays out the JSR packages of `fromDir` as a Deno workspace in a new temporary folder, each
 * jsr.json with its package.json's version. Returns the folder.
 */
export function jsrWorkspace(fromDir = repoDir) {
  const workspace = mkdtempSync(join(tmpdir(), 'tok-jsr-'));
  const members = [];
  for (const { dir } of jsrPackages(fromDir)) {
    const from = join(fromDir, 'packages', dir);
    const to = join(workspace, dir);
    cpSync(join(from, 'src'), join(to, 'src'), { recursive: true, filter: (path) => !path.includes('__tests__') });
    for (const file of ['README.md', 'LICENSE']) cpSync(join(from, file), join(to, file));
    const { version } = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
    const config = JSON.parse(readFileSync(join(from, 'jsr.json'), 'utf8'));
    writeFileSync(join(to, 'jsr.json'), `${JSON.stringify({ ...config, version }, null, 2)}\n`);
    members.push(`./${dir}`);
  }
  // The same strictness as the packages' own tsconfig, and Deno's libs (no DOM beyond what Deno has).
  writeFileSync(join(workspace, 'deno.json'), `${JSON.stringify({ workspace: members, compilerOptions: { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true } }, null, 2)}\n`);
  return workspace;
}

/** `deno publish` of the workspace; `dryRun` checks and packs without uploading. Returns its result. */
export function denoPublish(workspace, { dryRun, env = process.env }) {
  const args = ['-y', DENO, 'publish', '--allow-dirty', '--sloppy-imports', ...(dryRun ? ['--dry-run'] : [])];
  return spawnSync('npx', args, { cwd: workspace, env: { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 300_000 });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dryRun = process.argv.includes('--dry-run');
  const workspace = jsrWorkspace();
  try {
    const result = denoPublish(workspace, { dryRun });
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    process.exitCode = result.status ?? 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
