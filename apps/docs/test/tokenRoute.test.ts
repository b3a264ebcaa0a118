import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { clientCredentials, createTokenSource, fetchTransport, OAuthError } from '@tok/core';
import { withToken } from '@tok/fetch';
import { startApiServer, startTokenServer, type TokenServer } from '@tok/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenRoute } from '../demo/tokenRoute';
import { repoDir } from './helpers/paths';

// The backend token route the docs show (docs/security.md includes the file, the axios README
// copies its region): run against authorization servers that refuse it, are down or hang.

const SECRET = 'route-secret-Zq9:+/%';
const signedIn = { 'sec-fetch-site': 'same-origin', cookie: 'session=alice' };
const userOf = (req: IncomingMessage) => (req.headers.cookie === 'session=alice' ? Promise.resolve('alice') : undefined);

let tokens: TokenServer;
let route: { url: string; logged: unknown[]; server: Server } | undefined;

beforeEach(async () => {
  tokens = await startTokenServer({ clients: [{ clientId: 'backend', clientSecret: SECRET }] });
});
afterEach(async () => {
  await tokens.close();
  if (route) await new Promise((resolve) => route?.server.close(resolve));
  route = undefined;
});

async function startRoute(tokenUrl: string, clientSecret = SECRET, timeoutMs?: number) {
  const logged: unknown[] = [];
  const grant = clientCredentials({ tokenUrl, clientId: 'backend', clientSecret, scope: 'orders:read' });
  const handler = tokenRoute(grant, userOf, { log: (...args: unknown[]) => void logged.push(args), ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  route = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/token`, logged, server };
  return route;
}

const ask = async (url: string, headers: Record<string, string> = signedIn) => {
  const response = await fetch(url, { method: 'POST', headers });
  return { status: response.status, cacheControl: response.headers.get('cache-control'), body: (await response.json()) as Record<string, unknown> };
};

describe('the backend token route', () => {
  it('answers a signed-in page of the site with the token, in OAuth JSON, no-store', async () => {
    const { url } = await startRoute(tokens.url);
    const answer = await ask(url);
    expect(answer).toMatchObject({ status: 200, cacheControl: 'no-store', body: { access_token: tokens.issued[0]?.accessToken, token_type: 'Bearer', scope: 'orders:read' } });
    expect(answer.body.expires_in).toBeGreaterThan(3590);
  });

  it('refuses other callers with OAuth JSON errors and asks the authorization server nothing', async () => {
    const { url } = await startRoute(tokens.url);
    expect(await ask(url, { 'sec-fetch-site': 'cross-site', cookie: signedIn.cookie })).toMatchObject({ status: 403, body: { error: 'access_denied' } });
    expect(await ask(url, { 'sec-fetch-site': 'same-origin' })).toMatchObject({ status: 401, body: { error: 'access_denied' } });
    const get = await fetch(url, { headers: signedIn });
    expect([get.status, get.headers.get('allow'), ((await get.json()) as { error: string }).error]).toStrictEqual([405, 'POST', 'invalid_request']);
    expect(tokens.count).toBe(0);
  });

  it.each([
    { name: 'refuses the secret', setup: async () => startRoute(tokens.url, 'wrong-secret-Zq9'), logged: OAuthError },
    {
      name: 'is not listening',
      setup: async () => {
        const down = await startTokenServer();
        await down.close();
        return startRoute(down.url);
      },
      logged: Error,
    },
    {
      name: 'never answers',
      setup: async () => {
        tokens.setDefault({ hang: true });
        return startRoute(tokens.url, SECRET, 300);
      },
      logged: Error,
    },
  ])('answers 502 in OAuth JSON when the authorization server $name, logs why, and keeps serving', async ({ setup, logged: kind }) => {
    const { url, logged } = await setup();
    for (let i = 0; i < 3; i++) {
      const answer = await ask(url);
      expect(answer).toMatchObject({ status: 502, cacheControl: 'no-store', body: { error: 'server_error', error_description: expect.any(String) } });
      expect(JSON.stringify(answer.body)).not.toContain('wrong-secret');
    }
    expect(logged).toHaveLength(3);
    const [, error] = logged[0] as [string, unknown];
    expect(error).toBeInstanceOf(kind);
    for (const form of ['wrong-secret-Zq9', SECRET, encodeURIComponent(SECRET)]) expect(inspect(logged, { depth: Infinity })).not.toContain(form);
    // Still serving: a refused caller is still told why.
    expect(await ask(url, {})).toMatchObject({ status: 403 });
  });

  it('is a token endpoint for tok in the browser: one request for many calls, a new token after a 401', async () => {
    const { url } = await startRoute(tokens.url);
    const api = await startApiServer({ tokenServer: tokens });
    try {
      // A browser sends Sec-Fetch-Site and the cookie itself; here the transport does.
      const browserFetch: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...signedIn } });
      const source = createTokenSource(clientCredentials({ tokenUrl: url, placement: 'none' }), { transport: fetchTransport(browserFetch) });
      const authed = withToken(fetch, source, { origins: [api.origin] });
      const statuses = await Promise.all(Array.from({ length: 5 }, (_, i) => authed(`${api.origin}/orders/${i}`).then((response) => response.status)));
      expect(statuses).toStrictEqual([200, 200, 200, 200, 200]);
      expect(tokens.count).toBe(1);
      api.expireAll();
      expect((await authed(`${api.origin}/orders`)).status).toBe(200);
      expect(tokens.count).toBe(2);
      source.dispose();
    } finally {
      await api.close();
    }
  });

  it('a route that fails reaches tok in the browser as a typed OAuthError, and the API sees nothing', async () => {
    const { url } = await startRoute(tokens.url, 'wrong-secret-Zq9');
    const api = await startApiServer({ tokenServer: tokens });
    try {
      const browserFetch: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...signedIn } });
      const grant = clientCredentials({ tokenUrl: url, placement: 'none' });
      const authed = withToken(fetch, createTokenSource(grant, { transport: fetchTransport(browserFetch), retry: { retries: 0 } }), { origins: [api.origin] });
      await expect(authed(`${api.origin}/orders`)).rejects.toMatchObject({ error: 'server_error', status: 502 });
      expect(api.count).toBe(0);
    } finally {
      await api.close();
    }
  });

  it('is the same route in the axios README as in the file the docs include', () => {
    const file = readFileSync(join(repoDir, 'apps/docs/demo/tokenRoute.ts'), 'utf8');
    const region = /\/\/ #region route\n([^]*?)\/\/ #endregion route/.exec(file)?.[1];
    expect(region).toBeDefined();
    const readme = readFileSync(join(repoDir, 'packages/axios/README.md'), 'utf8');
    expect(readme).toContain(region);
    expect(readFileSync(join(repoDir, 'docs/security.md'), 'utf8')).toContain('<<< @/../apps/docs/demo/tokenRoute.ts#route{ts}');
  });
});
