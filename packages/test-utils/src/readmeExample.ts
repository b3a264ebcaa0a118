import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { defaultClient, freePort, type TokenRequestRecord } from '@tok/testing';
import { startApiServer, startTokenServer } from './index.js';

/** How a README example ended. */
export interface ExampleRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const MARKER = /<!-- runnable example: ([\w ]*)-->\s*```js\n([^]*?)\n```/;

/**
 * Runs the code block that follows `<!-- runnable example: VAR1 VAR2 -->` in a README with node,
 * as an ES module resolved from `cwd` (a package directory: the package imports itself by name).
 * `env` must give exactly the variables the marker names, so that README and test cannot drift.
 *
 * @example
 * ```ts
 * const run = await runReadmeExample('packages/fetch/README.md', 'packages/fetch', { TOKEN_URL: tokens.url, … });
 * expect(run.code).toBe(0);
 * ```
 */
export async function runReadmeExample(
  readme: string,
  cwd: string,
  env: Readonly<Record<string, string>>,
  /** Changes the code before it runs, e.g. to import another major of a dependency. */
  rewrite: (code: string) => string = (code) => code,
): Promise<ExampleRun> {
  const match = MARKER.exec(await readFile(readme, 'utf8'));
  if (!match) throw new Error(`${readme} has no "<!-- runnable example: … -->" followed by a js block`);
  const [, names = '', code = ''] = match;
  const expected = names.split(' ').filter(Boolean).sort();
  if (expected.join() !== Object.keys(env).sort().join()) {
    throw new Error(`${readme}'s example reads ${expected.join(', ')}; the test gives ${Object.keys(env).join(', ')}`);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', rewrite(code)], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** What {@link expectReadmeExampleWorks} saw, for assertions specific to one adapter. */
export interface ReadmeCheck {
  /** The token requests the local token server received over both runs. */
  readonly tokenRequests: readonly TokenRequestRecord[];
}

/**
 * The check every adapter's README gets: its example, run against a local token server and API,
 * prints the API's answer for `/v1/items` and exits 0; with a wrong secret it prints the
 * `TOK_OAUTH_ERROR` and exits 1, and the API never sees that request.
 *
 * @example
 * ```ts
 * it('the README example runs', () => expectReadmeExampleWorks(packageDir, { stdout: /^200 / }));
 * ```
 */
export async function expectReadmeExampleWorks(
  packageDir: string,
  { stdout, rewrite }: { stdout: RegExp; rewrite?: (code: string) => string },
): Promise<ReadmeCheck> {
  const tokens = await startTokenServer();
  const api = await startApiServer({ tokenServer: tokens });
  try {
    const readme = join(packageDir, 'README.md');
    const env = { TOKEN_URL: tokens.url, CLIENT_ID: defaultClient.clientId, CLIENT_SECRET: defaultClient.clientSecret, API_URL: `${api.origin}/v1/` };
    const run = await runReadmeExample(readme, packageDir, env, rewrite);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(stdout);
    expect(run.code).toBe(0);
    const refused = await runReadmeExample(readme, packageDir, { ...env, CLIENT_SECRET: 'wrong' }, rewrite);
    expect(refused.stderr).toMatch(/^TOK_OAUTH_ERROR .*invalid_client/);
    expect(refused.code).toBe(1);
    expect(api.count).toBe(1);
    return { tokenRequests: [...tokens.requests] };
  } finally {
    await Promise.all([tokens.close(), api.close()]);
  }
}

/**
 * The README example against token endpoints that fail, each run as its own process: the process
 * lives until the example has its answer (a backoff or a `Retry-After` a caller awaits keeps it
 * alive), then exits 0 after a passing failure (503, 429 with `Retry-After`, a reset) and 1 with
 * the typed error on stderr after a lasting one (a refused port, an endpoint that never answers).
 *
 * @example
 * ```ts
 * it('the README example outlives failures', () => expectReadmeExampleOutlivesFailures(packageDir, { stdout: /^200 / }), 90_000);
 * ```
 */
export async function expectReadmeExampleOutlivesFailures(
  packageDir: string,
  { stdout, rewrite }: { stdout: RegExp; rewrite?: (code: string) => string },
): Promise<void> {
  const readme = join(packageDir, 'README.md');
  const passing = [
    ['a 503 once', { status: 503, body: { error: 'temporarily_unavailable' } }],
    ['a 429 once, Retry-After: 1', { status: 429, headers: { 'retry-after': '1' }, body: { error: 'slow_down' } }],
    ['a reset connection once', { drop: true }],
  ] as const;
  const servers = await Promise.all(passing.map(() => startTokenServer()));
  const apis = await Promise.all(servers.map((tokens) => startApiServer({ tokenServer: tokens })));
  const hung = await startTokenServer();
  hung.setDefault({ hang: true });
  const hungApi = await startApiServer({ tokenServer: hung });
  const refusedUrl = `http://127.0.0.1:${await freePort()}/token`;
  const envFor = (tokenUrl: string, apiOrigin: string) => ({
    TOKEN_URL: tokenUrl,
    CLIENT_ID: defaultClient.clientId,
    CLIENT_SECRET: defaultClient.clientSecret,
    API_URL: `${apiOrigin}/v1/`,
  });
  try {
    passing.forEach(([, behaviour], i) => servers[i]?.behave(behaviour));
    const runs = await Promise.all([
      ...passing.map((_, i) => runReadmeExample(readme, packageDir, envFor(servers[i]!.url, apis[i]!.origin), rewrite)),
      runReadmeExample(readme, packageDir, envFor(refusedUrl, hungApi.origin), rewrite),
      runReadmeExample(readme, packageDir, envFor(hung.url, hungApi.origin), rewrite),
    ]);
    passing.forEach(([name], i) => {
      const run = runs[i]!;
      expect({ name, code: run.code, stderr: run.stderr }).toEqual({ name, code: 0, stderr: '' });
      expect(run.stdout).toMatch(stdout);
      expect(servers[i]!.count).toBe(2);
    });
    const [refused, timedOut] = runs.slice(passing.length) as [ExampleRun, ExampleRun];
    expect(refused.stderr).toMatch(/^TOK_NETWORK .*ECONNREFUSED.*\(3 attempts over [\d.]+ s\)\n$/);
    expect(refused.code).toBe(1);
    expect(timedOut.stderr).toMatch(/^TOK_TIMEOUT .*timed out after [\d.]+ s \(3 attempts over 30 s\)\n$/);
    expect(timedOut.code).toBe(1);
    expect(hung.count).toBe(3);
    expect(hungApi.count).toBe(0);
  } finally {
    await Promise.all([...servers, ...apis, hung, hungApi].map((server) => server.close()));
  }
}
