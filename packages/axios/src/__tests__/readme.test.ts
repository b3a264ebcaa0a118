import { fileURLToPath } from 'node:url';
import { startApiServer, startTokenServer } from '@tok/test-utils';
import { runReadmeExample } from '@tok/test-utils/readme';
import { expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

it('the README example runs against a local token server and API', async () => {
  const tokens = await startTokenServer();
  const api = await startApiServer({ tokenServer: tokens });
  try {
    const env = { TOKEN_URL: tokens.url, CLIENT_ID: 'test-client', CLIENT_SECRET: 'test-secret', API_URL: `${api.origin}/v1/` };
    const run = await runReadmeExample(`${packageDir}README.md`, packageDir, env);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^200 \{ ok: true, path: '\/v1\/items'/);
    expect(run.code).toBe(0);
    const refused = await runReadmeExample(`${packageDir}README.md`, packageDir, { ...env, CLIENT_SECRET: 'wrong' });
    expect(refused.stderr).toMatch(/^TOK_OAUTH_ERROR .*invalid_client/);
    expect(refused.code).toBe(1);
    expect(api.count).toBe(1);
    expect(tokens.requests.map((request) => request.headers['user-agent'])).toStrictEqual([expect.stringMatching(/^axios\//), expect.stringMatching(/^axios\//)]);
  } finally {
    await Promise.all([tokens.close(), api.close()]);
  }
}, 60_000); // two node processes
