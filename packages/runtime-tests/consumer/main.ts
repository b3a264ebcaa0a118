// `pnpm test:consumer`: what a user of the published packages gets. Packs every public package with
// `pnpm pack`, installs the tarballs with npm (plus the peers axios and ky) into a fresh project
// under the OS temp folder, then, against a real token server and API on 127.0.0.1:
//   - imports and uses them from ESM (Node 20, and Node 24 via npx),
//   - require()s them from CommonJS (Node >= 20.19's require(esm)), and shows that where require(esm)
//     is off (Node < 20.19) the error is Node's own ERR_REQUIRE_ESM that says to use import(),
//   - type-checks a file using the public types with moduleResolution node16, nodenext and bundler,
//     in a project with Node's types and no DOM lib (and in a browser project), skipLibCheck off,
//   - type-checks every README's code samples (from the tarballs) and the repository README's in a
//     strict project (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess), no DOM lib.
// Before installing, each tarball is checked as a registry would publish it: LICENSE, repository,
// homepage, bugs, engines; no devDependencies and no private or workspace package in its manifest;
// each source once (maps without `sourcesContent`, pointing at the shipped src/), no tests, no
// internal notes in its declarations; `publint --strict` and `attw --profile esm-only` on the tarball.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultClient, startApiServer, startTokenServer } from '@tok/test-utils';
import { explainDiagnostics, strictCompilerOptions, writeSamples } from '../../../scripts/code-samples.js';
import { cacheDir, repoDir, runtimeEnv } from '../runner/paths.js';
import { packAll } from '../../../scripts/pack.mjs';
import { checkPackedPackage } from './packed.js';

const EXPECTED = ['@tok/axios', '@tok/core', '@tok/fetch', '@tok/ky'];
// The Node types a TypeScript project on Node has: the workspace's version.
const NODE_TYPES = `@types/node@${JSON.parse(readFileSync(join(repoDir, 'node_modules/@types/node/package.json'), 'utf8')).version}`;
const NODE24 = 'node@24.21.0';

let passed = 0;
let failed = 0;
const started = Date.now();
const step = async (name: string, run: () => unknown) => {
  const at = Date.now();
  try {
    await run();
    passed++;
    console.log(`ok - ${name} (${Date.now() - at} ms)`);
  } catch (error) {
    failed++;
    console.log(`not ok - ${name}\n  # ${String(error instanceof Error ? error.message : error).replace(/\n/g, '\n  # ')}`);
  }
};

/**
 * Runs a command (asynchronously: the token server and API answer from this process meanwhile);
 * rejects with its output when it fails, or, with `fail: true`, when it succeeds.
 */
function run(command: string, args: readonly string[], cwd: string, { fail = false } = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: runtimeEnv(), stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if ((code === 0) !== fail) return resolve({ stdout, stderr });
      reject(new Error(`${command} ${args.join(' ')} exited ${code ?? signal}\n${stdout}${stderr}`.trim()));
    });
  });
}

const packagesDir = join(repoDir, 'packages');
const publicPackages = readdirSync(packagesDir)
  .map((dir) => ({ dir: join(packagesDir, dir), manifest: JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);
const names = publicPackages.map(({ manifest }) => manifest.name as string).sort();
// Every peer a user installs beside the packages (optional ones too: the READMEs show them), at the
// version the workspace tests each package with (its devDependencies pin), else the peer range.
const PEERS = [
  ...new Map(
    publicPackages.flatMap(({ manifest }) =>
      Object.entries((manifest.peerDependencies ?? {}) as Record<string, string>)
        .filter(([name]) => !name.startsWith('@tok/'))
        .map(([name, range]) => {
          const pinned = (manifest.devDependencies ?? {})[name] as string | undefined;
          return [name, `${name}@${pinned !== undefined && /^\d/.test(pinned) ? pinned : range}`] as const;
        }),
    ),
  ).values(),
];
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
  await step(`pnpm pack ${names.join(', ')}, each tarball holding what its exports name`, async () => {
    // The same packing as `pnpm pack:local`, which the install instructions give until the first release.
    packAll(tarballs, { build: false, stdio: 'pipe' });
    for (const { manifest } of publicPackages) {
      const tarball = join(tarballs, `${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`);
      const listed = new Set((await run('tar', ['tzf', tarball], tarballs)).stdout.split('\n').map((line) => line.replace(/^package\//, '')));
      // The files the exports point at (their targets, not their subpath keys such as "./adapter").
      const targets = (value: unknown): string[] => (typeof value === 'string' ? [value] : typeof value === 'object' && value !== null ? Object.values(value).flatMap(targets) : []);
      const named = targets(manifest.exports).filter((path) => path.startsWith('./')).map((path) => path.slice(2));
      const missing = named.filter((path) => !listed.has(path));
      if (missing.length > 0) throw new Error(`${manifest.name}: the tarball lacks ${missing.join(', ')} (built?)`);
    }
  });
  const tarballFile = (manifest: { name: string; version: string }) => join(tarballs, `${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`);
  const privateNames = readdirSync(packagesDir)
    .map((dir) => join(packagesDir, dir, 'package.json'))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')))
    .filter((manifest) => manifest.private === true)
    .map((manifest) => manifest.name as string);
  for (const { manifest } of publicPackages) {
    await step(`${manifest.name}'s tarball: LICENSE, repository, homepage, bugs, engines; no private package or devDependencies; each source once; no internal notes`, async () => {
      const unpacked = join(project, 'unpacked', manifest.name);
      mkdirSync(unpacked, { recursive: true });
      await run('tar', ['xzf', tarballFile(manifest), '-C', unpacked], project);
      const { problems, unpackedBytes, javascriptBytes } = checkPackedPackage(join(unpacked, 'package'), { privateNames });
      if (problems.length > 0) throw new Error(problems.join('\n'));
      console.log(`  # ${manifest.name}: ${(unpackedBytes / 1024).toFixed(0)} KB unpacked, ${(javascriptBytes / 1024).toFixed(0)} KB of JavaScript`);
    });
  }
  await step('publint --strict on each tarball', async () => {
    const { publint } = await import('publint');
    const messages: string[] = [];
    for (const { manifest } of publicPackages) {
      const tarball = readFileSync(tarballFile(manifest));
      const result = await publint({ pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) }, strict: true, level: 'suggestion' });
      messages.push(...result.messages.map((message) => `${manifest.name}: ${message.type} ${message.code} at ${message.path.join('.')}`));
    }
    if (messages.length > 0) throw new Error(messages.join('\n'));
  });
  await step('attw --profile esm-only on each tarball (types resolve for every module resolution an ESM user has)', async () => {
    const attwDir = dirname(createRequire(import.meta.url).resolve('@arethetypeswrong/cli/package.json'));
    const attw = join(attwDir, JSON.parse(readFileSync(join(attwDir, 'package.json'), 'utf8')).bin.attw);
    await Promise.all(publicPackages.map(({ manifest }) => run(process.execPath, [attw, tarballFile(manifest), '--profile', 'esm-only', '--format', 'ascii'], project)));
  });

  const files = readdirSync(tarballs);
  const tarballOf = (name: string) => {
    const file = files.find((candidate) => candidate === `${name.replace('@', '').replace('/', '-')}-${publicPackages.find((p) => p.manifest.name === name)?.manifest.version}.tgz`);
    if (file === undefined) throw new Error(`no tarball for ${name} among ${files.join(', ')}`);
    return `file:tarballs/${file}`;
  };

  await step(`npm install the tarballs and their peers (${PEERS.join(', ')}) into a fresh project`, async () => {
    const dependencies = Object.fromEntries(names.map((name) => [name, tarballOf(name)]));
    // Dependents (`@tok/fetch` → `@tok/core@^0.0.0`) get the packed core, never a registry one.
    const overrides = Object.fromEntries(names.map((name) => [name, `$${name}`]));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'tok-consumer', private: true, type: 'module', dependencies, overrides }, null, 2));
    cpSync(new URL('project/', import.meta.url), project, { recursive: true });
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...PEERS, NODE_TYPES], project);
    for (const name of names) {
      const installed = JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8'));
      if (installed._resolved?.startsWith('http') || JSON.stringify(installed.dependencies ?? {}).includes('workspace:')) {
        throw new Error(`${name} was not installed from its tarball, or still has workspace: ranges`);
      }
    }
    const nested = (await run('npm', ['ls', '--all', '--parseable', '@tok/core'], project)).stdout.trim().split('\n');
    if (nested.length !== 1) throw new Error(`@tok/core installed more than once:\n${nested.join('\n')}`);
  });

  // Each script prints one line on success and exits non-zero otherwise; both are checked.
  const succeeds = async (command: string, commandArgs: string[], expected: RegExp) => {
    const { stdout, stderr } = await run(command, commandArgs, project);
    if (!expected.test(stdout)) throw new Error(`expected ${expected} in the output:\n${stdout}${stderr}`);
    return stderr;
  };
  await step(`ESM import on Node ${process.version}`, () => succeeds(process.execPath, ['esm.mjs', ...args], /^esm: /m));
  await step(`ESM import on Node 24 (${NODE24})`, () => succeeds('npx', ['-y', NODE24, 'esm.mjs', ...args], /^esm: /m));
  await step(`CommonJS require() on Node ${process.version} (require(esm), Node >= 20.19)`, async () => {
    const stderr = await succeeds(process.execPath, ['cjs.cjs', ...args], /^cjs: .* works on Node v20/m);
    if (/ExperimentalWarning/.test(stderr)) console.log(`  # Node ${process.version} warns: ${stderr.trim().split('\n')[0]}`);
  });
  await step(`CommonJS require() on Node 24 (${NODE24})`, () => succeeds('npx', ['-y', NODE24, 'cjs.cjs', ...args], /^cjs: .* works on Node v24/m));
  await step('where require(esm) is off (Node < 20.19), require() fails with ERR_REQUIRE_ESM pointing to import()', async () => {
    const { stderr } = await run(process.execPath, ['--no-experimental-require-module', 'cjs.cjs', ...args], project, { fail: true });
    if (!/ERR_REQUIRE_ESM/.test(stderr) || !/import\(\)/.test(stderr) || !/@tok\/core/.test(stderr)) {
      throw new Error(`unexpected error:\n${stderr}`);
    }
  });

  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  // A project on Node has Node's types and no DOM lib; a browser project the DOM lib and no Node types.
  // skipLibCheck is off everywhere: the shipped declarations must compile, not only the uses.
  const onNode = { lib: ['es2022'], types: ['node'] };
  const inBrowser = { lib: ['es2022', 'dom', 'dom.iterable'], types: [] };
  const configs = {
    node16: { module: 'node16', moduleResolution: 'node16', ...onNode, files: ['types.ts'] },
    nodenext: { module: 'nodenext', moduleResolution: 'nodenext', ...onNode, files: ['types.ts', 'require.cts'] },
    bundler: { module: 'esnext', moduleResolution: 'bundler', ...onNode, files: ['types.ts'] },
    'bundler in a browser project': { module: 'esnext', moduleResolution: 'bundler', ...inBrowser, files: ['types.ts'] },
  };
  // The compilations run side by side; each reports as its own step.
  const compile = (name: string, files: string[], options: Record<string, unknown>) => {
    const compilerOptions = { target: 'es2022', ...onNode, ...options, strict: true, noEmit: true, skipLibCheck: false };
    writeFileSync(join(project, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files }, null, 2));
    const compilation = run(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], project, { fail: name === 'mistake' });
    compilation.catch(() => {}); // reported by its step, which may await it later
    return compilation;
  };
  writeFileSync(join(project, 'mistake.ts'), "import { clientCredentials } from '@tok/core';\nclientCredentials({ tokenUrl: 1 });\n");
  // Every README's samples, as the tarballs ship them, and the repository README's: each a module.
  const readmes = [...names.map((name) => join(project, 'node_modules', name, 'README.md')), join(repoDir, 'README.md')].filter((file) => existsSync(file));
  const samples = writeSamples(join(project, 'samples'), readmes, project);
  const sampleFiles = [...samples.keys()].map((name) => `samples/${name}`);
  const compiled = new Map([
    ...Object.entries(configs).map(([name, { files, ...options }]) => [name, compile(name.replace(/ /g, '-'), files, options)] as const),
    ['mistake', compile('mistake', ['mistake.ts'], { module: 'esnext', moduleResolution: 'bundler' })] as const,
    ['samples', compile('samples', sampleFiles, strictCompilerOptions)] as const,
  ]);
  for (const [name, { files, lib }] of Object.entries(configs)) {
    await step(`TypeScript moduleResolution ${name} (lib ${lib.join(', ')}, skipLibCheck false): tsc on ${files.join(' and ')}`, () => compiled.get(name));
  }
  await step(`the ${samples.size} code samples of ${readmes.length} READMEs compile (strict, exactOptionalPropertyTypes, no DOM lib)`, async () => {
    if (samples.size < readmes.length) throw new Error(`only ${samples.size} samples in ${readmes.length} READMEs`);
    await compiled.get('samples')!.catch((error: Error) => {
      throw new Error(explainDiagnostics(error.message, samples).replaceAll(`${project}/node_modules/`, '').replaceAll(`${repoDir}/`, ''));
    });
  });
  await step('a mistake in using the types is an error (they are not `any`)', async () => {
    const { stdout } = (await compiled.get('mistake'))!;
    if (!/mistake\.ts\(2,\d+\): error TS2322/.test(stdout)) throw new Error(`unexpected tsc output:\n${stdout}`);
  });
} finally {
  await Promise.all([tokens.close(), api.close()]);
  rmSync(project, { recursive: true, force: true });
}

console.log(`\nconsumer test in ${((Date.now() - started) / 1000).toFixed(1)} s (npm cache: ${cacheDir}npm)`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
