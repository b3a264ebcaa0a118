// Builds the static site when it is missing or older than what it is made of (turbo's `build`
// task has normally just built it), so that `pnpm test` in apps/docs alone also tests a current
// build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { appDir, distDir, repoDir } from './paths';

// The guides, the theme, the examples, the demo servers, and the packages' builds.
const SOURCES = [join(repoDir, 'docs'), join(appDir, '.vitepress'), join(appDir, 'examples'), join(appDir, 'demo')];
const PACKAGE_BUILDS = ['core', 'fetch', 'axios', 'ky'].map((name) => join(repoDir, 'packages', name, 'dist'));
const SKIP = new Set(['node_modules', 'cache', 'dist', 'reference']);

function newest(dir: string, skip: Set<string>): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path, skip) : statSync(path).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  const built = join(distDir, 'index.html');
  const inputs = [...SOURCES.filter(existsSync).map((dir) => newest(dir, SKIP)), ...PACKAGE_BUILDS.filter(existsSync).map((dir) => newest(dir, new Set()))];
  if (!existsSync(built) || statSync(built).mtimeMs < Math.max(...inputs)) {
    execFileSync('pnpm', ['run', 'build'], { cwd: appDir, stdio: 'inherit' });
  }
}
