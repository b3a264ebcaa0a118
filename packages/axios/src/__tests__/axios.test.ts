import { inspect } from 'node:util';
// What only @tok/axios does; the behaviour all adapters share is in useToken.test.ts.
import { clientCredentials, fetchTransport } from '@tok/core';
import { type ApiServer, type EchoServer, startApiServer, startEchoServer, startTokenServer, type TokenServer } from '@tok/test-utils';
import axios from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useToken } from '../index.js';

let tokens: TokenServer;
let api: ApiServer;
let echo: EchoServer;
const grant = () => clientCredentials({ tokenUrl: tokens.url, clientId: 'test-client', clientSecret: 'test-secret' });

beforeEach(async () => {
  tokens = await startTokenServer();
  [api, echo] = await Promise.all([startApiServer({ tokenServer: tokens }), startEchoServer()]);
});
afterEach(() => Promise.all([tokens.close(), api.close(), echo.close()]));

describe('useToken', () => {
  it('sends token requests through the instance (its headers, its adapter)', async () => {
    const instance = axios.create({ baseURL: api.url, headers: { 'x-client': 'reports' } });
    useToken(instance, grant());
    expect((await instance.get('/items')).data).toMatchObject({ ok: true, path: '/items' });
    expect(tokens.requests[0]?.headers).toMatchObject({ 'x-client': 'reports', 'user-agent': expect.stringMatching(/^axios\//) });
  });

  it('sends token requests through source.transport when given', async () => {
    const instance = axios.create({ baseURL: api.url });
    useToken(instance, grant(), { source: { transport: fetchTransport(fetch) } });
    await instance.get('/items');
    expect(tokens.requests[0]?.headers['user-agent']).not.toMatch(/^axios\//);
    expect(api.requests[0]?.headers['user-agent']).toMatch(/^axios\//);
  });

  it('returns the function that removes its interceptors', async () => {
    const instance = axios.create({ baseURL: api.url, validateStatus: () => true });
    const eject = useToken(instance, grant());
    expect((await instance.get('/a')).status).toBe(200);
    eject();
    expect((await instance.get('/b')).status).toBe(401);
    expect(api.requests.map((request) => request.token !== null)).toStrictEqual([true, false]);
  });

  it("still calls the caller's beforeRedirect, after deciding the token for the hop", async () => {
    const instance = axios.create({ baseURL: api.url });
    useToken(instance, grant(), { header: 'x-api-key', scheme: '' });
    const seen: unknown[] = [];
    await instance.get(`/redirect?to=${encodeURIComponent(echo.url)}`, {
      beforeRedirect: (options) => void seen.push((options.headers as Record<string, string>)['x-api-key']),
    });
    expect(seen).toStrictEqual([undefined]);
    expect(echo.requests[0]?.headers['x-api-key']).toBeUndefined();
  });

  it('retries a 401 at most once, and keeps the error for the caller', async () => {
    const instance = axios.create({ baseURL: api.url });
    // The API reads only Authorization: every request with the token elsewhere earns a 401.
    useToken(instance, grant(), { header: 'x-token' });
    const error = await instance.get('/items').catch((reason: unknown) => reason);
    expect(axios.isAxiosError(error) && error.response?.status).toBe(401);
    expect([api.count, tokens.count]).toStrictEqual([2, 2]);
  });

  it('keeps the secret out of a failed token request error (axios errors carry the request config)', async () => {
    const secret = 'se:cr%et+never-shown';
    const refused = clientCredentials({ tokenUrl: 'http://127.0.0.1:9/token', clientId: 'test-client', clientSecret: secret, placement: 'form' });
    const basic = clientCredentials({ tokenUrl: 'http://127.0.0.1:9/token', clientId: 'test-client', clientSecret: secret });
    for (const auth of [refused, basic]) {
      const instance = axios.create({ baseURL: api.url });
      useToken(instance, auth, { source: { retry: { retries: 0 } } });
      const error = await instance.get('/items').then(
        () => expect.unreachable(),
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'TOK_NETWORK' });
      const shown = inspect(error, { depth: Infinity, showHidden: true });
      expect(shown).toMatch(/ECONNREFUSED/);
      for (const form of [secret, encodeURIComponent(secret), btoa(`test-client:${encodeURIComponent(secret)}`)]) expect(shown).not.toContain(form);
    }
    expect(api.count).toBe(0);
  });

  it('judges the URL axios really calls when allowAbsoluteUrls is false (baseURL is then always prefixed)', async () => {
    const instance = axios.create({ baseURL: echo.url, allowAbsoluteUrls: false });
    useToken(instance, grant(), { origins: [api.origin] });
    await instance.get(`${api.origin}/items`);
    expect(echo.requests[0]?.headers.authorization).toBeUndefined();
    expect(api.count).toBe(0);
  });
});
