import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuthorizationServer, startAuthorizationServer } from '../index.js';

const client = { clientId: 'app', clientSecret: 's3cret' };
// Every character RFC 6749 §2.3.1 form-encoding changes, and a space.
const awkward = { clientId: 'my app+1', clientSecret: 'a:b+c%d/e&f=g?h i' };

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formEncode = (value: string) => new URLSearchParams([['', value]]).toString().slice(1);
const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`;
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

let server: AuthorizationServer;
beforeEach(async () => {
  server = await startAuthorizationServer({ clients: [client, awkward, { clientId: 'raw-only', clientSecret: 'x+y', accept: ['basic-raw'] }] });
});
afterEach(() => server.close());

/** POSTs a client-credentials request with the given client authentication. */
function requestToken(init: { headers?: Record<string, string>; body?: string } = {}) {
  return fetch(server.url, {
    method: 'POST',
    headers: { ...formHeaders, authorization: basic(client.clientId, client.clientSecret), ...init.headers },
    body: init.body ?? form({ grant_type: 'client_credentials' }),
  });
}

describe('token responses (RFC 6749 §5.1)', () => {
  it('issues a Bearer token with expires_in 3600, not cacheable', async () => {
    const response = await requestToken();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toStrictEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
    expect(server.issued).toMatchObject([{ accessToken: body.access_token, clientId: 'app', expiresIn: 3600 }]);
    expect(server.find(body.access_token)?.expiresAt).toBeCloseTo(Date.now() + 3_600_000, -3);
  });

  it('issues a different opaque token each time', async () => {
    const tokens = await Promise.all([1, 2, 3].map(async () => (await (await requestToken()).json()).access_token));
    expect(new Set(tokens).size).toBe(3);
    expect(tokens[0]).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('echoes the requested scope', async () => {
    const body = await (await requestToken({ body: form({ grant_type: 'client_credentials', scope: 'read write' }) })).json();
    expect(body.scope).toBe('read write');
  });

  it('records method, path, lower-case headers, raw body, fields and Basic credentials', async () => {
    await requestToken({ headers: { 'X-Trace': '1' }, body: form({ grant_type: 'client_credentials', resource: 'a', audience: 'b' }) + '&resource=c' });
    expect(server.count).toBe(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/token',
      headers: { 'x-trace': '1', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&resource=a&audience=b&resource=c',
      fields: { grant_type: 'client_credentials', resource: ['a', 'c'], audience: 'b' },
      basic: { decoded: client, raw: client },
      time: expect.any(Number),
    });
  });
});

describe('client authentication (RFC 6749 §2.3.1)', () => {
  it('form-urldecodes each part of Basic credentials', async () => {
    const header = basic(formEncode(awkward.clientId), formEncode(awkward.clientSecret));
    const response = await requestToken({ headers: { authorization: header } });
    expect(response.status).toBe(200);
    expect(server.requests[0]?.basic?.decoded).toStrictEqual(awkward);
  });

  it('accepts raw Basic credentials only where form-decoding would change nothing, unless basic-raw is allowed', async () => {
    expect((await requestToken({ headers: { authorization: basic(awkward.clientId, awkward.clientSecret) } })).status).toBe(200);
    expect((await requestToken({ headers: { authorization: basic('raw-only', 'x%2By') } })).status).toBe(401);
    expect((await requestToken({ headers: { authorization: basic('raw-only', 'x+y') } })).status).toBe(200);
  });

  it('rejects a wrong secret with 401 and WWW-Authenticate when Basic was used', async () => {
    const response = await requestToken({ headers: { authorization: basic('app', 'wrong') } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('accepts credentials in a form body, and rejects wrong ones with 400 invalid_client', async () => {
    const body = (secret: string) => form({ grant_type: 'client_credentials', client_id: awkward.clientId, client_secret: secret });
    const post = (secret: string) => fetch(server.url, { method: 'POST', headers: formHeaders, body: body(secret) });
    expect((await post(awkward.clientSecret)).status).toBe(200);
    const wrong = await post('nope');
    expect(wrong.status).toBe(400);
    expect(wrong.headers.get('www-authenticate')).toBeNull();
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('accepts credentials in a JSON body', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', ...{ client_id: 'app', client_secret: 's3cret' } }),
    });
    expect(response.status).toBe(200);
    expect(server.requests[0]?.fields).toStrictEqual({ grant_type: 'client_credentials', client_id: 'app', client_secret: 's3cret' });
  });

  it('only lets a client use the methods it accepts', async () => {
    const strict = await startAuthorizationServer({ clients: [{ ...client, accept: ['form'] }] });
    try {
      const post = (headers: Record<string, string>, body: string) => fetch(strict.url, { method: 'POST', headers, body });
      expect((await post({ ...formHeaders, authorization: basic('app', 's3cret') }, form({ grant_type: 'client_credentials' }))).status).toBe(401);
      expect((await post(formHeaders, form({ grant_type: 'client_credentials', client_id: 'app', client_secret: 's3cret' }))).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('rejects a client that authenticates two ways, or not at all', async () => {
    const twice = await requestToken({ body: form({ grant_type: 'client_credentials', client_secret: 's3cret' }) });
    expect(await twice.json()).toMatchObject({ error: 'invalid_request' });
    const none = await fetch(server.url, { method: 'POST', headers: formHeaders, body: form({ grant_type: 'client_credentials', client_id: 'app' }) });
    expect(await none.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('knows a default client when none is configured', async () => {
    const plain = await startAuthorizationServer();
    try {
      const response = await fetch(plain.url, { method: 'POST', headers: { ...formHeaders, authorization: basic('test-client', 'test-secret') }, body: 'grant_type=client_credentials' });
      expect(response.status).toBe(200);
    } finally {
      await plain.close();
    }
  });
});

describe('request errors (RFC 6749 §5.2)', () => {
  it('answers unsupported_grant_type for another grant', async () => {
    const response = await requestToken({ body: form({ grant_type: 'password' }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('accepts the configured grant type', async () => {
    const custom = await startAuthorizationServer({ clients: [client], grantType: 'urn:example:grant' });
    try {
      const post = (grant: string) => fetch(custom.url, { method: 'POST', headers: { ...formHeaders, authorization: basic('app', 's3cret') }, body: form({ grant_type: grant }) });
      expect((await post('urn:example:grant')).status).toBe(200);
      expect((await post('client_credentials')).status).toBe(400);
    } finally {
      await custom.close();
    }
  });

  it.each([
    ['a missing grant_type', { body: form({ scope: 'x' }) }],
    ['a repeated grant_type', { body: 'grant_type=client_credentials&grant_type=client_credentials' }],
    ['an unknown content type', { headers: { 'content-type': 'text/plain' } }],
    ['broken JSON', { headers: { 'content-type': 'application/json' }, body: '{"grant_type":' }],
  ])('answers invalid_request for %s', async (_, init) => {
    const response = await requestToken(init);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('answers 405 to a GET, and 404 elsewhere without counting it as a token request', async () => {
    expect((await fetch(server.url)).status).toBe(405);
    expect((await fetch(`${server.origin}/other`, { method: 'POST' })).status).toBe(404);
    expect(server.count).toBe(1);
    expect(server.requests).toHaveLength(2);
  });
});

describe('behaviours', () => {
  it('applies queued behaviours to the next requests in order, then the default', async () => {
    server.setDefault({ tokenType: 'bearer' });
    server.behave({ status: 500, body: '<h1>oops</h1>', headers: { 'content-type': 'text/html' } }, { status: 429, headers: { 'retry-after': '7' } });
    server.behave({ expiresIn: '3600' });

    const first = await requestToken();
    expect([first.status, first.headers.get('content-type'), await first.text()]).toStrictEqual([500, 'text/html', '<h1>oops</h1>']);
    const second = await requestToken();
    expect([second.status, second.headers.get('retry-after')]).toStrictEqual([429, '7']);
    expect(await (await requestToken()).json()).toMatchObject({ token_type: 'Bearer', expires_in: '3600' });
    expect(await (await requestToken()).json()).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(server.count).toBe(4);
  });

  it('can leave out expires_in, token_type and scope, or set the token and more fields', async () => {
    server.behave({ expiresIn: undefined, tokenType: null, scope: null, accessToken: 'a.b.c', fields: { id_token: 'x' } });
    const body = await (await requestToken({ body: form({ grant_type: 'client_credentials', scope: 'read' }) })).json();
    expect(body).toStrictEqual({ access_token: 'a.b.c', id_token: 'x' });
    expect(server.find('a.b.c')).toMatchObject({ expiresIn: undefined, expiresAt: null });
  });

  it('sends a JSON body for an object', async () => {
    server.behave({ status: 400, body: { error: 'invalid_scope' } });
    const response = await requestToken();
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toStrictEqual({ error: 'invalid_scope' });
  });

  it('delays an answer by delayMs, on top of latencyMs', async () => {
    const slow = await startAuthorizationServer({ clients: [client], latencyMs: 50 });
    try {
      // A delay long enough that a loaded machine cannot blur it with the next request.
      slow.behave({ delayMs: 2_000 });
      const post = async () => {
        const started = performance.now();
        await fetch(slow.url, { method: 'POST', headers: { ...formHeaders, authorization: basic('app', 's3cret') }, body: 'grant_type=client_credentials' });
        return performance.now() - started;
      };
      expect(await post()).toBeGreaterThanOrEqual(2_045);
      const second = await post();
      expect(second).toBeGreaterThanOrEqual(45);
      expect(second).toBeLessThan(2_000);
    } finally {
      await slow.close();
    }
  });

  it('counts a request while its answer is delayed', async () => {
    server.behave({ delayMs: 200 });
    const pending = requestToken();
    await until(() => server.count === 1);
    expect(server.issued).toHaveLength(0);
    await pending;
    expect(server.issued).toHaveLength(1);
  });

  it('drops the connection without answering', async () => {
    server.behave({ drop: true });
    await expect(requestToken()).rejects.toThrow(TypeError);
    expect(server.count).toBe(1);
    expect((await requestToken()).status).toBe(200);
  });

  it('hangs until the server closes', async () => {
    server.behave({ hang: true });
    const pending = requestToken();
    const outcome = pending.then(() => 'answered', () => 'failed');
    await until(() => server.count === 1);
    expect(await Promise.race([outcome, sleep(100).then(() => 'pending')])).toBe('pending');
    await server.close();
    expect(await outcome).toBe('failed');
  });

  it('reset() clears records and behaviours but keeps issued tokens valid', async () => {
    const { access_token: token } = await (await requestToken()).json();
    server.behave({ status: 500 });
    server.setDefault({ status: 503 });
    server.reset();
    expect([server.count, server.requests.length, server.issued.length]).toStrictEqual([0, 0, 0]);
    expect((await requestToken()).status).toBe(200);
    expect(server.find(token)).toBeDefined();
  });
});

it('answers CORS preflights when asked to', async () => {
  const cors = await startAuthorizationServer({ cors: true });
  try {
    const preflight = await fetch(cors.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://docs.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization');
    expect(cors.count).toBe(0);
  } finally {
    await cors.close();
  }
});

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await sleep(5);
  expect(condition()).toBe(true);
}
