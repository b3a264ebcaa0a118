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

describe('useToken with what axios also accepts', () => {
  it('takes url and baseURL as URL objects', async () => {
    const byBase = axios.create({ baseURL: new URL(api.url) as unknown as string });
    useToken(byBase, grant());
    expect((await byBase.get('items')).status).toBe(200);
    const byUrl = axios.create();
    useToken(byUrl, grant(), { origins: [api.origin] });
    expect((await byUrl.get(new URL(`${api.origin}/items`) as unknown as string)).status).toBe(200);
    await byUrl.get(new URL(echo.url) as unknown as string);
    expect(api.requests.map((request) => request.token)).toStrictEqual([tokens.issued[0]?.accessToken, tokens.issued[1]?.accessToken]);
    expect(echo.requests[0]?.headers.authorization).toBeUndefined();
  });

  // A user interceptor (or older code) may leave config.headers as a plain object.
  const plainHeaders = (instance: ReturnType<typeof axios.create>) =>
    instance.interceptors.response.use(undefined, (error: { config?: { headers?: unknown } }) => {
      if (error.config) error.config.headers = { ...(error.config.headers as object) };
      return Promise.reject(error);
    });

  it('keeps the original AxiosError when its config.headers is a plain object', async () => {
    const instance = axios.create({ baseURL: api.url });
    plainHeaders(instance);
    useToken(instance, grant());
    // With maxRedirects: 0 and the default validateStatus, a redirect is an AxiosError.
    const error = await instance.get(`/redirect?to=${encodeURIComponent(echo.url)}`, { maxRedirects: 0 }).catch((reason: unknown) => reason);
    expect(axios.isAxiosError(error) && error.response?.status).toBe(307);
  });

  it('still retries a 401 once with a fresh token when config.headers is a plain object', async () => {
    const instance = axios.create({ baseURL: api.url });
    plainHeaders(instance);
    useToken(instance, grant());
    await instance.get('/warm');
    api.expire(tokens.issued[0]?.accessToken ?? '');
    expect((await instance.get('/items')).status).toBe(200);
    expect(api.requests.map((request) => [request.status, request.token])).toStrictEqual([
      [200, tokens.issued[0]?.accessToken],
      [401, tokens.issued[0]?.accessToken],
      [200, tokens.issued[1]?.accessToken],
    ]);
  });

  it('a request interceptor that turns headers into a plain object does not stop the token', async () => {
    const instance = axios.create({ baseURL: api.url });
    useToken(instance, grant());
    // Registered later, so it runs first (axios runs request interceptors last-in, first-out).
    instance.interceptors.request.use((config) => Object.assign(config, { headers: { ...config.headers.toJSON(), 'x-trace': '1' } }));
    expect((await instance.get('/items')).status).toBe(200);
    expect(api.requests[0]?.headers['x-trace']).toBe('1');
  });
});

describe("useToken with adapter: 'fetch'", () => {
  it('follows redirects itself only for requests that carry a token; maxRedirects: 0 returns the redirect', async () => {
    const instance = axios.create({ baseURL: api.url, adapter: 'fetch', validateStatus: () => true });
    useToken(instance, grant(), { header: 'x-api-key', scheme: '' });
    const to = encodeURIComponent(`${echo.url}landing`);
    const kept = await instance.get(`/redirect?to=${to}`, { maxRedirects: 0 });
    expect([kept.status, echo.count]).toStrictEqual([307, 0]);
    const followed = await instance.get(`/redirect?to=${to}`);
    expect(followed.status).toBe(200);
    expect(echo.requests.map((request) => [request.path, request.headers['x-api-key']])).toStrictEqual([['/landing', undefined]]);
  });

  it('gives up after maxRedirects hops with an AxiosError', async () => {
    const instance = axios.create({ baseURL: api.url, adapter: 'fetch' });
    useToken(instance, grant());
    const loop = `${api.origin}/redirect?to=${encodeURIComponent(`${api.origin}/redirect?to=${encodeURIComponent(`${api.origin}/items`)}`)}`;
    const error = await instance.get(loop, { maxRedirects: 1 }).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'ERR_FR_TOO_MANY_REDIRECTS' });
    expect((await instance.get(loop, { maxRedirects: 2 })).status).toBe(200);
  });
});
