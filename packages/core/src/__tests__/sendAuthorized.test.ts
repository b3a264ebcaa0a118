import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApiServer, type EchoServer, startApiServer, startEchoServer, startTokenServer, type TokenServer } from '@tok/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AuthorizeOptions, createAuthorizer } from '../adapter/authorizer.js';
import { fetchTransport } from '../http/fetchTransport.js';
import { clientCredentials } from '../request/grant.js';
import { manualRedirects, sendAuthorized, sendRequest } from '../adapter/sendAuthorized.js';

let tokens: TokenServer;
let api: ApiServer;
let echo: EchoServer;

beforeEach(async () => {
  tokens = await startTokenServer();
  [api, echo] = await Promise.all([startApiServer({ tokenServer: tokens }), startEchoServer()]);
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await Promise.all([tokens.close(), api.close(), echo.close()]);
});

const redirect = (to: string, status: number) => `${api.origin}/redirect?status=${status}&to=${encodeURIComponent(to)}`;
const transport = fetchTransport(fetch);

/** Sends through `sendAuthorized` with a static token `tok-1`, following redirects. */
async function send(request: Request, options: AuthorizeOptions = { origins: [api.origin] }, replayable = true) {
  const authorizer = createAuthorizer('tok-1', options, { transport });
  return sendAuthorized(authorizer, (next) => fetch(next), request, await authorizer.getToken(), { follow: true, replayable });
}

describe('sendAuthorized: redirects', () => {
  it('303 after a POST goes on as a GET, without the body or its headers', async () => {
    const request = new Request(redirect(echo.url, 303), { method: 'POST', body: 'payload', headers: { 'content-type': 'text/plain', 'x-trace': '7' } });
    const response = await send(request, { origins: [api.origin, echo.origin] });
    expect(response.status).toBe(200);
    expect(api.requests[0]).toMatchObject({ method: 'POST', body: 'payload', token: 'tok-1' });
    expect(echo.requests[0]).toMatchObject({ method: 'GET', body: '' });
    expect(echo.requests[0]?.headers).toMatchObject({ authorization: 'Bearer tok-1', 'x-trace': '7' });
    expect(echo.requests[0]?.headers['content-type']).toBeUndefined();
  });

  it('302 turns only a POST into a GET; 307 and 308 keep method and body', async () => {
    await send(new Request(redirect(echo.url, 302), { method: 'POST', body: 'a' }));
    await send(new Request(redirect(echo.url, 302), { method: 'PUT', body: 'b' }));
    await send(new Request(redirect(echo.url, 307), { method: 'POST', body: 'c' }));
    await send(new Request(redirect(echo.url, 308), { method: 'PATCH', body: 'd' }));
    expect(echo.requests.map(({ method, body }) => [method, body])).toStrictEqual([
      ['GET', ''],
      ['PUT', 'b'],
      ['POST', 'c'],
      ['PATCH', 'd'],
    ]);
  });

  it('decides for each hop whether the token goes along; a cross-origin hop also drops Authorization, as fetch does', async () => {
    await send(new Request(redirect(echo.url, 307)));
    await send(new Request(redirect(echo.url, 307)), { origins: [api.origin, echo.origin] });
    await send(new Request(redirect(echo.url, 307), { headers: { authorization: 'Basic mine' } }), { origins: [api.origin], header: 'x-api-key', scheme: '' });
    expect(api.requests.map((request) => request.headers['x-api-key'])).toStrictEqual([undefined, undefined, 'tok-1']);
    expect(echo.requests.map((request) => [request.headers.authorization, request.headers['x-api-key']])).toStrictEqual([
      [undefined, undefined],
      ['Bearer tok-1', undefined],
      [undefined, undefined],
    ]);
  });

  it('starts from a response the client already has', async () => {
    const authorizer = createAuthorizer('tok-1', { origins: [api.origin] }, { transport });
    const token = await authorizer.getToken();
    const request = new Request(redirect(`${echo.origin}/landing`, 307), { headers: { authorization: authorizer.value(token) }, redirect: 'manual' });
    const first = await fetch(request.clone());
    expect(first.status).toBe(307);
    const response = await sendAuthorized(authorizer, (next) => fetch(next), request, token, { follow: true, replayable: true, response: first });
    expect(await response.json()).toMatchObject({ path: '/landing', authorization: null });
  });

  it('returns a 307 whose body was a stream as it is: that body cannot be sent again', async () => {
    const request = new Request(redirect(echo.url, 307), { method: 'POST', body: new Blob(['once']).stream(), duplex: 'half' } as RequestInit);
    const response = await send(request, { origins: [api.origin] }, false);
    expect(response.status).toBe(307);
    expect(api.requests[0]?.body).toBe('once');
    expect(echo.count).toBe(0);
  });

  it('gives up after 20 redirects, as fetch does', async () => {
    let hits = 0;
    const loop = createServer((_, res) => {
      hits++;
      res.writeHead(302, { location: '/again' }).end();
    });
    await new Promise<void>((resolve) => loop.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(loop.address() as AddressInfo).port}`;
    try {
      await expect(send(new Request(`${origin}/start`), { origins: [origin] })).rejects.toThrow(/more than 20 redirects/);
      expect(hits).toBe(21);
    } finally {
      loop.closeAllConnections();
      await new Promise((resolve) => loop.close(resolve));
    }
  });
});

describe('sendAuthorized: 401', () => {
  it('retries once with a fresh token, body included', async () => {
    const grant = clientCredentials({ tokenUrl: tokens.url, clientId: 'test-client', clientSecret: 'test-secret' });
    const authorizer = createAuthorizer(grant, { origins: [api.origin] }, { transport });
    const used = await authorizer.getToken();
    api.expire(used.accessToken);
    const request = new Request(`${api.origin}/items`, { method: 'POST', body: 'payload' });
    const response = await sendAuthorized(authorizer, (next) => fetch(next), request, used, { follow: true, replayable: true });
    expect(response.status).toBe(200);
    expect(api.requests.map(({ status, body }) => [status, body])).toStrictEqual([
      [401, 'payload'],
      [200, 'payload'],
    ]);
    expect(tokens.count).toBe(2);
  });
});

describe('sendRequest', () => {
  const grant = () => clientCredentials({ tokenUrl: tokens.url, clientId: 'test-client', clientSecret: 'test-secret' });

  it("writes the token into the client's request and sends it once, keeping its body for the client", async () => {
    const authorizer = createAuthorizer(grant(), { origins: [api.origin] }, { transport });
    const sent: Array<[Request, RequestInit | undefined]> = [];
    const request = new Request(`${api.origin}/items`, { method: 'POST', body: 'payload' });
    const response = await sendRequest(authorizer, (next, init) => (sent.push([next, init]), fetch(next, init)), request, await authorizer.getToken(), { follow: true, replayable: true });
    expect(response.status).toBe(200);
    expect(sent.map(([, init]) => init)).toStrictEqual([{ redirect: 'manual' }]);
    expect(authorizer.tokenOf(request.headers.get('authorization'))).toBeDefined();
    expect([request.bodyUsed, await request.text()]).toStrictEqual([false, 'payload']);
    expect(api.requests.map(({ status, body }) => [status, body])).toStrictEqual([[200, 'payload']]);
  });

  it('takes the slow path only for a 401 or a redirect: retried once, the hop decided', async () => {
    const authorizer = createAuthorizer(grant(), { origins: [api.origin] }, { transport });
    const used = await authorizer.getToken();
    api.expire(used.accessToken);
    const refused = new Request(`${api.origin}/items`, { method: 'PUT', body: 'again' });
    expect((await sendRequest(authorizer, fetch, refused, used, { follow: true, replayable: true })).status).toBe(200);
    const fresh = await authorizer.getToken();
    const hop = new Request(redirect(echo.url, 307));
    expect((await sendRequest(authorizer, fetch, hop, fresh, { follow: true, replayable: true })).status).toBe(200);
    expect(api.requests.map(({ status, body }) => [status, body])).toStrictEqual([
      [401, 'again'],
      [200, 'again'],
      [307, ''],
    ]);
    expect(echo.requests[0]?.headers.authorization).toBeUndefined();
    expect(tokens.count).toBe(2);
  });
});

describe('manualRedirects', () => {
  it('is on outside browsers, off in a page or a browser worker', () => {
    expect(manualRedirects()).toBe(true);
    vi.stubGlobal('importScripts', () => {});
    expect(manualRedirects()).toBe(false);
    vi.unstubAllGlobals();
    vi.stubGlobal('document', {});
    expect(manualRedirects()).toBe(false);
  });
});
