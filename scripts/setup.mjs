#!/usr/bin/env node
// Prepares a fresh machine (Node >= 20.19 and npm) for `pnpm start` and `pnpm test`: the pinned
// pnpm, the workspace's dependencies, Debian's Chromium for the browser tests and Debian's
// redis-server for the @tok/redis tests.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const run = (command) => execSync(command, { stdio: 'inherit', env: { ...process.env, COREPACK_INTEGRITY_KEYS: '0' } });
const quiet = (command) => {
  try {
    return execSync(command, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return '';
  }
};

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`tok needs Node >= 20.19; this is ${process.version}.`);
  process.exit(1);
}

const pnpm = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).packageManager.split('@')[1];
if (quiet('pnpm --version') !== pnpm) run(`npm install --global pnpm@${pnpm}`);

const wantBrowser = !process.argv.includes('--no-browser');
if (wantBrowser && !existsSync('/usr/bin/chromium')) {
  if (process.getuid?.() === 0 && quiet('command -v apt-get')) {
    run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null');
  } else {
    console.warn('Browser tests need Chromium at /usr/bin/chromium: run `sudo apt-get install -y chromium`.');
  }
}

// @tok/redis's tests start their own redis-server (Debian's), on a free port of 127.0.0.1.
if (!quiet('command -v redis-server')) {
  if (process.getuid?.() === 0 && quiet('command -v apt-get')) {
    run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null');
  } else {
    console.warn('The @tok/redis tests need redis-server: run `sudo apt-get install -y redis-server`.');
  }
}

run(`pnpm install ${process.env.CI ? '--frozen-lockfile' : ''}`);
