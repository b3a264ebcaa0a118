import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, DEMO_TOKEN_LIFETIME_S, playgroundClient, startDemo } from '../demo/server';
import { SESSION_COOKIE } from '../demo/sessions';

// The demo backend the live examples talk to: real servers on 127.0.0.1, no browser.
describe('demo backend', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(() => demo.close());

  it('hands out a token on /api/token to a signed-in page of the site, without any client credentials from it', async () => {
    const response = await fetch(`${demo.origin}/api/token`, {
      method: 'POST',
      body: 'grant_type=client_credentials',
      headers: { ...(await fromSignedInPage(demo)), 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { access_token: string; expires_in: number; scope: string };
    expect(body.expires_in).toBe(DEMO_TOKEN_LIFETIME_S);
    expect(body.scope).toBe('orders:read orders:write');
    // The token the route got is one the authorization server issued to the backend's client.
    expect(demo.tokenServer.find(body.access_token)?.clientId).toBe('docs-backend');
    const sent = demo.tokenServer.requests.at(-1);
    expect(sent?.basic?.decoded?.clientId).toBe('docs-backend');
  });

  it('refuses callers that are not a signed-in page of the site, without asking the authorization server', async () => {
    const page = await fromSignedInPage(demo);
    const asked = demo.tokenServer.requests.length;
    const refusals = [
      // No session: a page of the site whose visitor is not signed in.
      [{ 'sec-fetch-site': 'same-origin' }, 401],
      [{ 'sec-fetch-site': 'same-origin', cookie: `${SESSION_COOKIE}=made-up` }, 401],
      // Another site's page, even with the visitor's cookie (a browser would not send it: SameSite).
      [{ ...page, 'sec-fetch-site': 'cross-site' }, 403],
      [{ ...page, 'sec-fetch-site': 'same-site' }, 403],
      // No browser at all (curl): no Sec-Fetch-Site and no Origin.
      [{ cookie: page.cookie }, 403],
      [{ cookie: page.cookie, origin: 'https://evil.example' }, 403],
    ] as const;
    for (const [headers, status] of refusals) {
      const response = await fetch(`${demo.origin}/api/token`, { method: 'POST', headers });
      expect(response.status, JSON.stringify(headers)).toBe(status);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toMatchObject({ error: 'access_denied' });
    }
    expect(demo.tokenServer.requests.length, 'no token request for a refused caller').toBe(asked);

    // A browser without Sec-Fetch-Site is recognised by its Origin.
    const host = new URL(demo.origin).host;
    const older = await fetch(`${demo.origin}/api/token`, { method: 'POST', headers: { cookie: page.cookie, origin: `http://${host}` } });
    expect(older.status).toBe(200);
    expect((await fetch(`${demo.origin}/api/token`, { headers: page })).status, 'POST only').toBe(405);
  });

  it('signs a visitor in once: the session cookie is HttpOnly, SameSite=Strict and kept for /api', async () => {
    const first = await fetch(`${demo.origin}/api/status.json`);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w-]{20,}; Path=/api; HttpOnly; SameSite=Strict$`));
    const again = await fetch(`${demo.origin}/api/status.json`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(again.headers.get('set-cookie'), 'an existing session is kept').toBeNull();
  });

  it('never tells the browser the backend secret', async () => {
    const secret = demo.tokenServer.requests.at(-1)?.basic?.decoded?.clientSecret ?? (await tokenOnce(demo));
    expect(secret.length).toBeGreaterThan(10);
    const status = await (await fetch(`${demo.origin}/api/status.json`)).text();
    expect(status).not.toContain(secret);
    expect(status).not.toContain(Buffer.from(`docs-backend:${secret}`).toString('base64'));
    expect(JSON.parse(status)).toMatchObject({ demo: true, tokenLifetimeSeconds: DEMO_TOKEN_LIFETIME_S });
  });

  it('passes the API answers through, 401 challenge included', async () => {
    const bare = await fetch(`${demo.origin}/api/demo/orders`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toBe('Bearer');
    const { access_token } = (await (await fetch(`${demo.origin}/api/token`, { method: 'POST', headers: await fromSignedInPage(demo) })).json()) as { access_token: string };
    const ok = await fetch(`${demo.origin}/api/demo/orders?status=open`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(await ok.json()).toEqual({ ok: true, path: '/orders?status=open', method: 'GET', token: access_token.slice(0, 6) });

    const expired = await fetch(`${demo.origin}/api/demo-admin/expire-tokens`, { method: 'POST' });
    expect(expired.status).toBe(204);
    const refused = await fetch(`${demo.origin}/api/demo/orders`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(refused.status).toBe(401);
    // RFC 6750 §3: the challenge names the error; a description may follow.
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"(, error_description="[^"]*")?$/);
  });

  it('exposes the authorization server to the request builder with its playground client only', async () => {
    const form = (secret: string) =>
      new URLSearchParams({ grant_type: 'client_credentials', client_id: playgroundClient.clientId, client_secret: secret }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const good = await fetch(`${demo.origin}/oauth/token`, { method: 'POST', headers, body: form(playgroundClient.clientSecret) });
    expect(good.status).toBe(200);
    const bad = await fetch(`${demo.origin}/oauth/token`, { method: 'POST', headers, body: form('wrong') });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_client' });
  });
});

async function tokenOnce(demo: Demo): Promise<string> {
  await fetch(`${demo.origin}/api/token`, { method: 'POST', headers: await fromSignedInPage(demo) });
  return demo.tokenServer.requests.at(-1)?.basic?.decoded?.clientSecret ?? '';
}

/** The headers a browser sends from a page of the site once the demo has signed its visitor in. */
async function fromSignedInPage(demo: Demo): Promise<{ cookie: string; 'sec-fetch-site': 'same-origin' }> {
  const response = await fetch(`${demo.origin}/api/status.json`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
  return { cookie, 'sec-fetch-site': 'same-origin' };
}
