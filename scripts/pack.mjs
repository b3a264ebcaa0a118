#!/usr/bin/env node
// `pnpm pack:local`: installing tok before it is on a registry. Builds every public package, packs
// each into a tarball (as `pnpm publish` would publish it) in tarballs/, and prints the command that
// installs them into another project.
//   node scripts/pack.mjs [--no-build] [destination]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The public packages: `[{ dir, name, version }]`. */
export function publicPackages() {
  return readdirSync(join(repoDir, 'packages'))
    .filter((dir) => existsSync(join(repoDir, 'packages', dir, 'package.json')))
    .map((dir) => ({ dir, ...JSON.parse(readFileSync(join(repoDir, 'packages', dir, 'package.json'), 'utf8')) }))
    .filter((manifest) => manifest.private !== true);
}

/** The tarball file name `pnpm pack` gives a package: `tok-core-0.1.0.tgz`. */
export const tarballName = ({ name, version }) => `${name.replace('@', '').replace('/', '-')}-${version}.tgz`;

/** Packs every public package into `destination` (emptied first); returns the tarballs' paths by package name. */
export function packAll(destination, { build = true, stdio = 'inherit' } = {}) {
  const packages = publicPackages();
  const filters = packages.flatMap(({ name }) => ['--filter', name]);
  if (build) execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only', ...filters], { cwd: repoDir, stdio });
  rmSync(destination, { recursive: true, force: true });
  mkdirSync(destination, { recursive: true });
  execFileSync('pnpm', ['-r', ...filters, 'pack', '--pack-destination', destination], { cwd: repoDir, stdio: stdio === 'inherit' ? ['ignore', 'ignore', 'inherit'] : stdio });
  return new Map(packages.map((manifest) => [manifest.name, join(destination, tarballName(manifest))]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const destination = resolve(args.find((arg) => !arg.startsWith('--')) ?? join(repoDir, 'tarballs'));
  const tarballs = packAll(destination, { build: !args.includes('--no-build') });
  const shown = (path) => relative(process.cwd(), path) || path;
  console.log(`\nPacked ${tarballs.size} packages into ${shown(destination)}:`);
  for (const [name, path] of tarballs) console.log(`  ${name.padEnd(20)} ${shown(path)}`);
  console.log('\nIn your project, install the ones you use, e.g. for fetch:');
  console.log(`  npm install ${tarballs.get('@tok/core')} ${tarballs.get('@tok/fetch')}`);
}
