import { fileURLToPath } from 'node:url';
import { runReadmeExample } from '@tok/test-utils/readme';
import { startTokenServer } from '@tok/test-utils';
import { expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

it('the README example runs against a local token server: one token request, then a cache hit', async () => {
  const server = await startTokenServer({ clients: [{ clientId: 'readme', clientSecret: 'readme-secret-17' }] });
  try {
    const run = await runReadmeExample(`${packageDir}/README.md`, packageDir, { TOKEN_URL: server.url, CLIENT_ID: 'readme', CLIENT_SECRET: 'readme-secret-17' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/tokenRequests: 1,.*cacheHits: 1,.*waits: 1/s);
    expect(server.count).toBe(1);
  } finally {
    await server.close();
  }
}, 30_000);
