// The README's example, run as a user would: two processes against a local token server and a
// real redis-server, the second taking the first one's token. And every sample of the README
// type-checks as a user would paste it.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { defaultClient, startTokenServer } from '@tok/test-utils';
import { runReadmeExample } from '@tok/test-utils/readme';
import { expect, it, onTestFinished } from 'vitest';
import { explainDiagnostics, strictCompilerOptions, writeSamples } from '../../../../scripts/code-samples.js';
import { startRedisServer } from './helpers/redisServer.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const repoDir = join(packageDir, '../..');

it('the README example shares one token between two processes through a local redis-server', async () => {
  const redis = await startRedisServer();
  onTestFinished(() => redis.stop());
  const tokens = await startTokenServer();
  onTestFinished(() => tokens.close());
  const env = { TOKEN_URL: tokens.url, CLIENT_ID: defaultClient.clientId, CLIENT_SECRET: defaultClient.clientSecret, REDIS_URL: redis.url, TOK_REDIS_KEY: randomBytes(32).toString('base64') };
  const readme = join(packageDir, 'README.md');
  const first = await runReadmeExample(readme, packageDir, env);
  expect(first.stderr).toBe('');
  expect(first.stdout).toMatch(/^token from the endpoint\nBearer token, valid for 3\d{3} s\n$/);
  const second = await runReadmeExample(readme, packageDir, env);
  expect(second.stdout).toMatch(/^token from the store\n/);
  expect(second.code).toBe(0);
  expect(tokens.count).toBe(1);
}, 60_000);

it('the samples of the README and of the Fleets guide (docs/fleets.md) type-check (strict, exactOptionalPropertyTypes, no DOM lib)', async () => {
  const dir = join(packageDir, `.readme-samples-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const samples = writeSamples(dir, [join(packageDir, 'README.md'), join(repoDir, 'docs/fleets.md')], repoDir);
  expect(samples.size).toBe(4);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...strictCompilerOptions, typeRoots: [join(repoDir, 'node_modules/@types')] }, include: ['**/*.mts', '**/*.mjs'] }));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = await promisify(execFile)(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' }).then(
    () => '',
    (error: { stdout?: string; message: string }) => error.stdout || error.message,
  );
  expect(explainDiagnostics(result, samples)).toBe('');
}, 60_000);
