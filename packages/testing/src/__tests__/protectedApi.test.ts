import { afterEach, beforeEach, expect, it } from 'vitest';
import { type ProtectedApi, type EchoServer, startProtectedApi, startEchoServer, startAuthorizationServer, type AuthorizationServer } from '../index.js';

let tokens: AuthorizationServer;
let api: ProtectedApi;
let other: EchoServer;
beforeEach(async () => {
  tokens = await startAuthorizationServer();
  api = await startProtectedApi({ authorizationServer: tokens });
  other = await startEchoServer();
});
afterEach(() => Promise.all([tokens.close(), api.close(), other.close()]));

async function getToken(scope?: string): Promise<string> {
  const response = await fetch(tokens.url, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa('test-client:test-secret')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) }).toString(),
  });
  return (await response.json()).access_token;
}

const call = (path: string, token?: string, init: RequestInit = {}) =>
  fetch(`${api.origin}${path}`, { ...init, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

it('accepts a token the token server issued', async () => {
  const token = await getToken();
  const response = await call('/items?page=2', token);
  expect(response.status).toBe(200);
  expect(await response.json()).toStrictEqual({ ok: true, path: '/items?page=2', method: 'GET', token: token.slice(0, 6) });
  expect(api.requests).toMatchObject([{ method: 'GET', path: '/items?page=2', token, status: 200, headers: { authorization: `Bearer ${token}` } }]);
});

it('echoes the body of a POST', async () => {
  const response = await call('/items', await getToken(), { method: 'POST', body: '{"name":"x"}' });
  expect(await response.json()).toMatchObject({ method: 'POST', body: '{"name":"x"}' });
});

it('answers 401 with a plain Bearer challenge when no token was sent', async () => {
  const response = await call('/items');
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('Bearer');
});

it('answers 401 invalid_token for a token it did not issue', async () => {
  const response = await call('/items', 'made-up');
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="the access token is unknown"');
});

it('rejects a token once its expires_in has passed', async () => {
  tokens.behave({ expiresIn: 1 }, { expiresIn: '0' });
  const shortLived = await getToken();
  const stillborn = await getToken();
  expect((await call('/', shortLived)).status).toBe(200);
  expect((await call('/', stillborn)).status).toBe(401);
  await new Promise((resolve) => setTimeout(resolve, 1_050));
  expect((await call('/', shortLived)).status).toBe(401);
});

it('expire(token) expires that token only, revoke(token) revokes it, each saying so in the challenge', async () => {
  const [first, second, third] = [await getToken(), await getToken(), await getToken()];
  api.expire(first);
  api.revoke(third);
  const answers = await Promise.all([first, second, third].map((token) => call('/', token)));
  expect(answers.map((answer) => [answer.status, answer.headers.get('www-authenticate')])).toStrictEqual([
    [401, 'Bearer error="invalid_token", error_description="the access token expired"'],
    [200, null],
    [401, 'Bearer error="invalid_token", error_description="the access token was revoked"'],
  ]);
});

it('expireAll() expires every token issued so far, not the next one', async () => {
  const old = await getToken();
  api.expireAll();
  const fresh = await getToken();
  expect((await call('/', old)).status).toBe(401);
  expect((await call('/', fresh)).status).toBe(200);
  expect(api.count).toBe(2);
});

it('keeps accepting tokens issued before the token server was reset', async () => {
  const token = await getToken();
  tokens.reset();
  expect((await call('/', token)).status).toBe(200);
});

it('redirects to another origin, which then receives no Authorization', async () => {
  const token = await getToken();
  const path = `/redirect?to=${encodeURIComponent(`${other.url}landing`)}`;
  const manual = await fetch(`${api.origin}${path}`, { redirect: 'manual', headers: { authorization: `Bearer ${token}` } });
  expect([manual.status, manual.headers.get('location')]).toStrictEqual([307, `${other.url}landing`]);

  const followed = await call(path, token);
  expect(await followed.json()).toStrictEqual({ ok: true, path: '/landing', method: 'GET', authorization: null });
  expect(other.requests.map((request) => request.headers.authorization)).toStrictEqual([undefined]);
  expect(api.requests.map((request) => request.token)).toStrictEqual([token, token]);
});

it('redirects with another 3xx status when asked', async () => {
  const response = await fetch(`${api.origin}/redirect?status=302&to=${encodeURIComponent(other.url)}`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  expect((await fetch(`${api.origin}/redirect?to=relative`)).status).toBe(400);
});

it('answers 403 insufficient_scope, naming the scopes needed, when the token lacks one; a realm goes in every challenge', async () => {
  await using scoped = await startProtectedApi({
    authorizationServer: tokens,
    realm: 'items',
    requiredScopes: ({ method, path }) => (path === '/open' ? undefined : method === 'GET' ? ['items:read'] : ['items:read', 'items:write']),
  });
  const token = await getToken('items:read');
  const at = (path: string, init: RequestInit = {}, bearer: string | null = token) =>
    fetch(`${scoped.origin}${path}`, { ...init, headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` } });
  const answers = await Promise.all([at('/items'), at('/items', { method: 'POST', body: '{}' }), at('/open', {}, await getToken()), at('/items', {}, null)]);
  expect(answers.map((answer) => [answer.status, answer.headers.get('www-authenticate')])).toStrictEqual([
    [200, null],
    [403, 'Bearer realm="items", error="insufficient_scope", scope="items:read items:write"'],
    [200, null],
    [401, 'Bearer realm="items"'],
  ]);
});
