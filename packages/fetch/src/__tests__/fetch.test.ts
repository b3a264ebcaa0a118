// What only @tok/fetch does; the behaviour all adapters share is in withToken.test.ts.
import { clientCredentials } from '@tok/core';
import { type ApiServer, type EchoServer, startApiServer, startEchoServer, startTokenServer, type TokenServer } from '@tok/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withToken } from '../index.js';

let tokens: TokenServer;
let api: ApiServer;
let echo: EchoServer;
const grant = () => clientCredentials({ tokenUrl: tokens.url, clientId: 'test-client', clientSecret: 'test-secret' });

beforeEach(async () => {
  tokens = await startTokenServer();
  [api, echo] = await Promise.all([startApiServer({ tokenServer: tokens }), startEchoServer()]);
});
afterEach(() => Promise.all([tokens.close(), api.close(), echo.close()]));

describe('withToken', () => {
  it('takes a Request as input, and replays its body after a 401', async () => {
    const api401 = withToken(fetch, grant(), { origins: [api.origin] });
    await api401(`${api.origin}/warm`);
    api.expire(tokens.issued[0]?.accessToken ?? '');
    const response = await api401(new Request(`${api.origin}/items`, { method: 'PUT', body: 'from a Request' }));
    expect(response.status).toBe(200);
    expect(api.requests.slice(1).map(({ method, status, body }) => [method, status, body])).toStrictEqual([
      ['PUT', 401, 'from a Request'],
      ['PUT', 200, 'from a Request'],
    ]);
  });

  it("leaves redirect: 'manual' to the caller", async () => {
    const authed = withToken(fetch, grant(), { origins: [api.origin] });
    const response = await authed(`${api.origin}/redirect?to=${encodeURIComponent(echo.url)}`, { redirect: 'manual' });
    expect([response.status, response.headers.get('location'), echo.count]).toStrictEqual([307, echo.url, 0]);
  });

  it('passes init options that Request does not know (undici dispatcher, Cloudflare cf) on to fetch', async () => {
    const seen: unknown[] = [];
    const observed: typeof fetch = (input, init) => {
      seen.push((init as { cf?: unknown } | undefined)?.cf);
      return fetch(input, init);
    };
    const authed = withToken(observed, grant(), { origins: [api.origin] });
    await authed(`${api.origin}/items`, { cf: { cacheTtl: 5 } } as RequestInit);
    // The token request, then the API request.
    expect(seen).toStrictEqual([undefined, { cacheTtl: 5 }]);
  });

  it('sends requests it leaves alone exactly as given', async () => {
    const seen: Array<[unknown, unknown]> = [];
    const observed: typeof fetch = (input, init) => {
      seen.push([input, init]);
      return fetch(input, init);
    };
    const init = { headers: { 'x-trace': '1' } };
    await withToken(observed, grant(), { origins: [api.origin] })(echo.url, init);
    expect(seen).toStrictEqual([[echo.url, init]]);
    expect(seen[0]?.[1]).toBe(init);
  });
});
