#!/usr/bin/env node
// `pnpm start`: the docs site with its live examples, the demo authorization server and API. Builds
// the packages and generates the docs' reference quietly (their logs are shown only when a step
// fails), then prints what runs where. Ctrl+C stops everything and exits 0.
//   node scripts/start.mjs [--static] [--port 5173]
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const docsDir = join(repoDir, 'apps/docs');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.FORCE_COLOR ?? '0' };
let stopping = false;

/** Runs one preparation step with its output held back; prints it only if the step fails. */
function quietly(label, command, args, cwd) {
  const started = Date.now();
  process.stdout.write(`  ${label}… `);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('close', (code) => {
      if (stopping) process.exit(0);
      if (code !== 0) {
        process.stdout.write('failed:\n\n');
        process.stderr.write(output);
        process.exit(code ?? 1);
      }
      process.stdout.write(`done (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      resolve();
    });
  });
}

// Ctrl+C reaches every process of the terminal's group: the step or the site stops on its own,
// and this script only waits for it, then ends without an error.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
  });
}

console.log('\n  tok: starting the docs site with live examples\n');
// The docs' own test runs this inside `pnpm test`, whose build has just built the packages while
// other tests read them: it skips a second build that would rewrite their dist/ meanwhile.
if (process.env.TOK_START_PACKAGES_BUILT === '1') console.log('  building the packages… already built');
else await quietly('building the packages', 'pnpm', ['exec', 'turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'], repoDir);
await quietly('generating the API reference, the changelog and the demo API types', process.execPath, ['--import', 'tsx', 'scripts/generate.ts'], docsDir);
const site = spawn(process.execPath, ['--import', 'tsx', 'demo/start.ts', ...process.argv.slice(2)], { cwd: docsDir, env, stdio: 'inherit' });
site.once('exit', (code, signal) => {
  if (stopping || signal === 'SIGINT' || signal === 'SIGTERM') {
    console.log('\n  tok docs stopped.');
    process.exit(0);
  }
  process.exit(code ?? 1);
});
