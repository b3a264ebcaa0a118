// `pnpm test:consumer`: what a user of the published packages gets. Packs every public package with
// `pnpm pack`, installs the tarballs with npm (plus the peers axios and ky) into a fresh project
// under the OS temp folder, then, against a real token server and API on 127.0.0.1:
//   - imports and uses them from ESM (Node 20, and Node 24 via npx),
//   - require()s them from CommonJS (Node >= 20.19's require(esm)), and shows that where require(esm)
//     is off (Node < 20.19) the error is Node's own ERR_REQUIRE_ESM that says to use import(),
//   - type-checks a file using the public types with moduleResolution node16, nodenext and bundler.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultClient, startApiServer, startTokenServer } from '@tok/test-utils';
import { cacheDir, repoDir, runtimeEnv } from '../runner/paths.js';

const EXPECTED = ['@tok/axios', '@tok/core', '@tok/fetch', '@tok/ky'];
const PEERS = ['axios@1.21.1', 'ky@1.14.3'];
const NODE24 = 'node@24.21.0';

let passed = 0;
let failed = 0;
const started = Date.now();
const step = (name: string, run: () => void) => {
  const at = Date.now();
  try {
    run();
    passed++;
    console.log(`ok - ${name} (${Date.now() - at} ms)`);
  } catch (error) {
    failed++;
    console.log(`not ok - ${name}\n  # ${String(error instanceof Error ? error.message : error).replace(/\n/g, '\n  # ')}`);
  }
};

/** Runs a command; throws with its output when it fails (or, with `fail: true`, when it succeeds). */
function run(command: string, args: readonly string[], cwd: string, { fail = false } = {}): { stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, env: runtimeEnv(), encoding: 'utf8', timeout: 300_000 });
  const output = `${command} ${args.join(' ')} exited ${result.status ?? result.signal}\n${result.stdout}${result.stderr}`.trim();
  if (result.error) throw result.error;
  if ((result.status === 0) === fail) throw new Error(output);
  return { stdout: result.stdout, stderr: result.stderr };
}

const packagesDir = join(repoDir, 'packages');
const publicPackages = readdirSync(packagesDir)
  .map((dir) => ({ dir: join(packagesDir, dir), manifest: JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);
const names = publicPackages.map(({ manifest }) => manifest.name as string).sort();
if (EXPECTED.some((name) => !names.includes(name))) {
  console.error(`expected the public packages ${EXPECTED.join(', ')}; found ${names.join(', ')}`);
  process.exit(1);
}

const project = mkdtempSync(join(tmpdir(), 'tok-consumer-'));
const tokens = await startTokenServer();
const api = await startApiServer({ tokenServer: tokens });
const args = [tokens.url, api.url, defaultClient.clientId, defaultClient.clientSecret];
try {
  const tarballs = join(project, 'tarballs');
  mkdirSync(tarballs);
  step(`pnpm pack ${names.join(', ')}`, () => {
    for (const { dir } of publicPackages) run('pnpm', ['pack', '--pack-destination', tarballs], dir);
  });
  const files = readdirSync(tarballs);
  const tarballOf = (name: string) => {
    const file = files.find((candidate) => candidate === `${name.replace('@', '').replace('/', '-')}-${publicPackages.find((p) => p.manifest.name === name)?.manifest.version}.tgz`);
    if (file === undefined) throw new Error(`no tarball for ${name} among ${files.join(', ')}`);
    return `file:tarballs/${file}`;
  };

  step('npm install the tarballs and the peers (axios, ky) into a fresh project', () => {
    const dependencies = Object.fromEntries(names.map((name) => [name, tarballOf(name)]));
    // Dependents (`@tok/fetch` → `@tok/core@^0.0.0`) get the packed core, never a registry one.
    const overrides = Object.fromEntries(names.map((name) => [name, `$${name}`]));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'tok-consumer', private: true, type: 'module', dependencies, overrides }, null, 2));
    cpSync(new URL('project/', import.meta.url), project, { recursive: true });
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...PEERS], project);
    for (const name of names) {
      const installed = JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8'));
      if (installed._resolved?.startsWith('http') || JSON.stringify(installed.dependencies ?? {}).includes('workspace:')) {
        throw new Error(`${name} was not installed from its tarball, or still has workspace: ranges`);
      }
    }
    const nested = run('npm', ['ls', '--all', '--parseable', '@tok/core'], project).stdout.trim().split('\n');
    if (nested.length !== 1) throw new Error(`@tok/core installed more than once:\n${nested.join('\n')}`);
  });

  step(`ESM import on Node ${process.version}`, () => void run(process.execPath, ['esm.mjs', ...args], project));
  step(`ESM import on Node 24 (${NODE24})`, () => void run('npx', ['-y', NODE24, 'esm.mjs', ...args], project));
  step(`CommonJS require() on Node ${process.version} (require(esm), Node >= 20.19)`, () => {
    const { stderr } = run(process.execPath, ['cjs.cjs', ...args], project);
    if (/ExperimentalWarning/.test(stderr)) console.log(`  # Node ${process.version} warns: ${stderr.trim().split('\n')[0]}`);
  });
  step(`CommonJS require() on Node 24 (${NODE24})`, () => void run('npx', ['-y', NODE24, 'cjs.cjs', ...args], project));
  step('where require(esm) is off (Node < 20.19), require() fails with ERR_REQUIRE_ESM pointing to import()', () => {
    const { stderr } = run(process.execPath, ['--no-experimental-require-module', 'cjs.cjs', ...args], project, { fail: true });
    if (!/ERR_REQUIRE_ESM/.test(stderr) || !/import\(\)/.test(stderr) || !/@tok\/core/.test(stderr)) {
      throw new Error(`unexpected error:\n${stderr}`);
    }
  });

  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const configs = {
    node16: { module: 'node16', moduleResolution: 'node16', files: ['types.ts'] },
    nodenext: { module: 'nodenext', moduleResolution: 'nodenext', files: ['types.ts', 'require.cts'] },
    bundler: { module: 'esnext', moduleResolution: 'bundler', files: ['types.ts'] },
  };
  for (const [name, { files, ...options }] of Object.entries(configs)) {
    step(`TypeScript moduleResolution ${name}: tsc on ${files.join(' and ')}`, () => {
      const compilerOptions = { ...options, target: 'es2022', lib: ['es2022', 'dom', 'dom.iterable'], types: [], strict: true, noEmit: true, skipLibCheck: false };
      writeFileSync(join(project, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files }, null, 2));
      run(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], project);
    });
  }
  step('a mistake in using the types is an error (they are not `any`)', () => {
    writeFileSync(join(project, 'mistake.ts'), "import { clientCredentials } from '@tok/core';\nclientCredentials({ tokenUrl: 1 });\n");
    const compilerOptions = { module: 'esnext', moduleResolution: 'bundler', strict: true, noEmit: true, types: [] };
    writeFileSync(join(project, 'tsconfig.mistake.json'), JSON.stringify({ compilerOptions, files: ['mistake.ts'] }));
    const { stdout } = run(process.execPath, [tsc, '-p', 'tsconfig.mistake.json'], project, { fail: true });
    if (!/mistake\.ts\(2,\d+\): error TS2322/.test(stdout)) throw new Error(`unexpected tsc output:\n${stdout}`);
  });
} finally {
  await Promise.all([tokens.close(), api.close()]);
  rmSync(project, { recursive: true, force: true });
}

console.log(`\nconsumer test in ${((Date.now() - started) / 1000).toFixed(1)} s (npm cache: ${cacheDir}npm)`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
