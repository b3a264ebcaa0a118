#!/usr/bin/env node
// `pnpm test:release`: the release, rehearsed on a copy of the workspace, end to end, offline:
//   0. every public package has the repository's metadata and LICENSE (scripts/package-metadata.mjs),
//   1. `changeset version` on the copy (never in the checkout: it consumes .changeset/*.md): every
//      public package gets its version and a CHANGELOG.md made of its changesets; private ones stay.
//   2. JSR: `deno publish --dry-run` of the versioned @tok/core, @tok/fetch and @tok/ky.
//   3. `changeset publish` (what `pnpm release` runs) to a local verdaccio on 127.0.0.1, started and
//      stopped here: each public package is published once, with no devDependencies and no
//      `workspace:` range in its manifest.
//   4. A fresh project installs @tok/fetch from that registry as a user would after the release,
//      gets @tok/core through its dependency range, and imports both.
// Prints TAP-like lines and `N passed, N failed`; exits 1 on any failure.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { denoPublish, jsrPackages, jsrWorkspace } from './jsr.mjs';

const repoDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(repoDir, '.cache');
const started = Date.now();
let passed = 0;
let failed = 0;

async function step(name, run) {
  const at = Date.now();
  try {
    await run();
    passed++;
    console.log(`ok - ${name} (${Date.now() - at} ms)`);
  } catch (error) {
    failed++;
    console.log(`not ok - ${name}\n  # ${String(error instanceof Error ? error.message : error).replace(/\n/g, '\n  # ')}`);
  }
}

/** Runs a command; resolves with its output, rejects with it when the command fails. */
function run(command, args, { cwd, env = {} }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited ${code}\n${output}`.trim()))));
  });
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// The workspace as a release sees it: manifests, changesets, and each public package's files. The
// tools come from the checkout's node_modules; each package's workspace dependencies are linked to
// their copies, as pnpm links them, because pnpm publish reads a workspace dependency's version
// from the link, and that must be the new version.
const copy = mkdtempSync(join(tmpdir(), 'tok-release-'));
const skip = (path) => !/\/(node_modules|\.turbo|\.vitepress|coverage)(\/|$)/.test(path);
for (const file of ['package.json', 'pnpm-workspace.yaml', '.npmrc', '.pnpmfile.cjs', 'LICENSE']) cpSync(join(repoDir, file), join(copy, file));
cpSync(join(repoDir, '.changeset'), join(copy, '.changeset'), { recursive: true });
symlinkSync(join(repoDir, 'node_modules'), join(copy, 'node_modules'));
const workspaceDirs = ['packages', 'apps'].flatMap((parent) =>
  readdirSync(join(repoDir, parent))
    .filter((dir) => existsSync(join(repoDir, parent, dir, 'package.json')))
    .map((dir) => join(parent, dir)),
);
const manifests = new Map(workspaceDirs.map((dir) => [dir, readJson(join(repoDir, dir, 'package.json'))]));
const publicDirs = workspaceDirs.filter((dir) => manifests.get(dir).private !== true);
for (const dir of workspaceDirs) {
  if (publicDirs.includes(dir)) cpSync(join(repoDir, dir), join(copy, dir), { recursive: true, filter: skip });
  else {
    mkdirSync(join(copy, dir), { recursive: true });
    cpSync(join(repoDir, dir, 'package.json'), join(copy, dir, 'package.json'));
  }
}
const dirOf = new Map([...manifests].map(([dir, manifest]) => [manifest.name, dir]));
for (const [dir, manifest] of manifests) {
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (!String(range).startsWith('workspace:') || !dirOf.has(name)) continue;
      mkdirSync(dirname(join(copy, dir, 'node_modules', name)), { recursive: true });
      if (!existsSync(join(copy, dir, 'node_modules', name))) symlinkSync(join(copy, dirOf.get(name)), join(copy, dir, 'node_modules', name));
    }
  }
}
const changesets = readdirSync(join(repoDir, '.changeset')).filter((file) => file.endsWith('.md') && file !== 'README.md');
const changesetBin = join(repoDir, 'node_modules/@changesets/cli/bin.js');
const versioned = new Map();

let verdaccio;
let cleanupAt = Date.now();
console.log(`# copied the workspace in ${Date.now() - started} ms`);
try {
  await step('every public package has the metadata of scripts/package-metadata.mjs and its LICENSE', () => run(process.execPath, [join(repoDir, 'scripts/package-metadata.mjs')], { cwd: repoDir }));
  await step(`changeset version on a copy: ${changesets.length} changesets become versions and a CHANGELOG.md per public package`, async () => {
    await run(process.execPath, [changesetBin, 'version'], { cwd: copy });
    const problems = [];
    const left = readdirSync(join(copy, '.changeset')).filter((file) => file.endsWith('.md') && file !== 'README.md');
    if (left.length > 0) problems.push(`changesets left unconsumed: ${left.join(', ')}`);
    for (const dir of workspaceDirs) {
      const before = manifests.get(dir);
      const after = readJson(join(copy, dir, 'package.json'));
      versioned.set(dir, after);
      if (before.private === true) {
        if (after.version !== before.version) problems.push(`${before.name} is private but was versioned ${after.version}`);
        continue;
      }
      if (after.version === before.version) problems.push(`${before.name} kept ${before.version}: no changeset names it`);
      // changesets turns a dependent's bump major when a peer range (`workspace:^` on a 0.x package)
      // no longer holds: a 1.0.0 that no changeset asked for.
      const askedMajor = changesets.some((file) => new RegExp(`"${before.name}": major`).test(readFileSync(join(repoDir, '.changeset', file), 'utf8')));
      if (before.version.startsWith('0.') && !after.version.startsWith('0.') && !askedMajor) {
        problems.push(`${before.name} would be released as ${after.version} though no changeset asks for a major: a peer range on a 0.x workspace package (use a dependency, or a peer range such as ">=0.1.0 <1")`);
      }
      const changelog = join(copy, dir, 'CHANGELOG.md');
      if (!existsSync(changelog)) problems.push(`${before.name} has no CHANGELOG.md`);
      else if (!readFileSync(changelog, 'utf8').includes(`## ${after.version}`)) problems.push(`${before.name}'s CHANGELOG.md has no "## ${after.version}"`);
    }
    if (problems.length > 0) throw new Error(problems.join('\n'));
    console.log(`  # ${publicDirs.map((dir) => `${versioned.get(dir).name}@${versioned.get(dir).version}`).join(', ')}`);
  });

  await step(`JSR: deno publish --dry-run of ${jsrPackages(copy).map(({ name }) => name).join(', ')} at the new versions`, async () => {
    const workspace = jsrWorkspace(copy);
    try {
      // Deno trusts the machine's CAs too (a registry behind a TLS proxy), and a download that failed
      // on the way (not a check that failed) gets one more try: the registry is outside this test.
      const env = { ...process.env, DENO_DIR: join(cacheDir, 'deno'), npm_config_cache: join(cacheDir, 'npm'), DENO_TLS_CA_STORE: 'system,mozilla' };
      let result = denoPublish(workspace, { dryRun: true, env });
      if (result.status !== 0 && /error sending request for url/.test(`${result.stderr}`)) {
        console.log('  # a download failed; trying once more');
        result = denoPublish(workspace, { dryRun: true, env });
      }
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
      if (result.status !== 0) throw new Error(output.split('\n').filter((line) => !/^\s+file:/.test(line)).join('\n'));
      for (const { name } of jsrPackages(copy)) {
        const version = [...versioned.values()].find((manifest) => manifest.name === name)?.version;
        if (!output.includes(`${name}@${version}`)) throw new Error(`deno publish did not simulate ${name}@${version}:\n${output}`);
      }
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  const port = await freePort();
  const registry = `http://127.0.0.1:${port}/`;
  const registryDir = join(copy, '.registry');
  mkdirSync(registryDir);
  // Anyone may publish (the token below is only for npm's client-side check); nothing is proxied.
  writeFileSync(
    join(registryDir, 'config.yaml'),
    `storage: ${join(registryDir, 'storage')}\nauth:\n  htpasswd:\n    file: ${join(registryDir, 'htpasswd')}\n    max_users: -1\nuplinks: {}\npackages:\n  '**':\n    access: $all\n    publish: $all\n    unpublish: $all\nlogs: { type: stdout, format: pretty, level: error }\nweb: { enable: false }\n`,
  );
  const npmrc = join(registryDir, 'npmrc');
  writeFileSync(npmrc, `registry=${registry}\n//127.0.0.1:${port}/:_authToken=rehearsal\n`);
  const registryEnv = { npm_config_registry: registry, npm_config_userconfig: npmrc, npm_config_cache: join(registryDir, 'npm-cache'), npm_config_update_notifier: 'false' };

  await step(`changeset publish to a local verdaccio (${registry})`, async () => {
    verdaccio = spawn(process.execPath, [join(repoDir, 'node_modules/verdaccio/bin/verdaccio'), '--config', join(registryDir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    verdaccio.stdout.on('data', (chunk) => (log += chunk));
    verdaccio.stderr.on('data', (chunk) => (log += chunk));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`${registry}-/ping`).then((response) => response.ok, () => false);
      if (ready) break;
      if (Date.now() > deadline || verdaccio.exitCode !== null) throw new Error(`verdaccio did not start:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const output = await run(process.execPath, [changesetBin, 'publish', '--no-git-tag'], { cwd: copy, env: registryEnv });
    const problems = [];
    for (const dir of publicDirs) {
      const { name, version } = versioned.get(dir);
      const response = await fetch(`${registry}${name.replace('/', '%2f')}`);
      if (!response.ok) {
        problems.push(`${name} is not in the registry (${response.status})`);
        continue;
      }
      const published = (await response.json()).versions?.[version];
      if (published === undefined) problems.push(`${name}@${version} was not published`);
      else {
        if (published.devDependencies !== undefined) problems.push(`${name}@${version} was published with devDependencies`);
        const ranges = JSON.stringify({ ...published.dependencies, ...published.peerDependencies });
        if (/workspace:/.test(ranges)) problems.push(`${name}@${version} was published with a workspace: range: ${ranges}`);
      }
    }
    if (problems.length > 0) throw new Error(`${problems.join('\n')}\n${output}`);
  });

  await step('a fresh project installs @tok/fetch from the registry and imports it with @tok/core', async () => {
    const user = join(copy, '.user');
    mkdirSync(user);
    writeFileSync(join(user, 'package.json'), JSON.stringify({ name: 'release-user', private: true, type: 'module' }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '@tok/fetch'], { cwd: user, env: registryEnv });
    const output = await run(process.execPath, ['--input-type=module', '-e', "import { withToken } from '@tok/fetch'; import { clientCredentials } from '@tok/core'; console.log(typeof withToken, typeof clientCredentials);"], { cwd: user });
    if (output.trim() !== 'function function') throw new Error(`unexpected output: ${output}`);
    const core = readJson(join(user, 'node_modules/@tok/core/package.json'));
    const expected = [...versioned.values()].find((manifest) => manifest.name === '@tok/core').version;
    if (core.version !== expected) throw new Error(`installed @tok/core@${core.version}, expected ${expected}`);
  });
} finally {
  cleanupAt = Date.now();
  if (verdaccio && verdaccio.exitCode === null) {
    const exited = new Promise((resolve) => verdaccio.once('exit', resolve));
    // Its storage is thrown away below: no need for a graceful stop.
    verdaccio.kill('SIGKILL');
    await exited;
  }
  console.log(`# verdaccio stopped in ${Date.now() - cleanupAt} ms`);
  rmSync(copy, { recursive: true, force: true });
}

console.log(`\nrelease rehearsal in ${((Date.now() - started) / 1000).toFixed(1)} s (clean-up ${((Date.now() - cleanupAt) / 1000).toFixed(1)} s)`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
