// What only @tok/ky does; the behaviour all adapters share runs in ky1.test.ts and ky2.test.ts.
import { clientCredentials, OAuthError } from '@tok/core';
import { type ApiServer, type EchoServer, startApiServer, startEchoServer, startTokenServer, type TokenServer } from '@tok/test-utils';
import ky1 from 'ky';
import ky2 from 'ky2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenHooks } from '../index.js';

let tokens: TokenServer;
let api: ApiServer;
let echo: EchoServer;
const grant = (clientSecret = 'test-secret') => clientCredentials({ tokenUrl: tokens.url, clientId: 'test-client', clientSecret });

beforeEach(async () => {
  tokens = await startTokenServer();
  [api, echo] = await Promise.all([startApiServer({ tokenServer: tokens }), startEchoServer()]);
});
afterEach(() => Promise.all([tokens.close(), api.close(), echo.close()]));

describe('tokenHooks', () => {
  it('ky 2: origins default to the baseUrl origin too', async () => {
    const api2 = ky2.create({ baseUrl: api.url, hooks: tokenHooks(grant()) });
    expect(await api2.get('items').json()).toMatchObject({ ok: true, path: '/items' });
    await api2.get(echo.url);
    expect(echo.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('works when added with extend, next to hooks of the caller', async () => {
    const seen: string[] = [];
    const base = ky1.create({ prefixUrl: api.url, hooks: { beforeRequest: [(request) => void seen.push(request.url)] } });
    const authed = base.extend({ hooks: tokenHooks(grant()) });
    expect(await authed.get('items').json()).toMatchObject({ ok: true });
    expect(seen).toStrictEqual([`${api.origin}/items`]);
  });

  it.each([
    ['ky 1', ky1 as unknown as typeof ky2],
    ['ky 2', ky2],
  ])('%s: a token failure is not retried by ky (the token source has retried already)', async (_, ky) => {
    // GET is a method ky retries (twice by default) on any error ky 1 sees.
    const authed = ky.create({ hooks: tokenHooks(grant('wrong'), { origins: [api.origin] }) });
    await expect(authed.get(`${api.origin}/items`)).rejects.toThrow(OAuthError);
    expect([tokens.count, api.count]).toStrictEqual([1, 0]);
  });

  it.each([
    ['ky 1', ky1 as unknown as typeof ky2],
    ['ky 2', ky2],
  ])('%s with retry: 0: a POST with a JSON body refused with 401 is sent again, body and all, with a fresh token', async (_, ky) => {
    const authed = ky.create({ retry: 0, hooks: tokenHooks(grant(), { origins: [api.origin] }) });
    await authed.get(`${api.origin}/warm`);
    api.expireAll();
    const answer = await authed.post(`${api.origin}/orders`, { json: { id: 7 } }).json();
    expect(answer).toMatchObject({ ok: true, method: 'POST', body: JSON.stringify({ id: 7 }) });
    expect(tokens.count).toBe(2);
    expect(api.requests.map((r) => r.status)).toStrictEqual([200, 401, 200]);
  });
});
