import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, DEMO_TOKEN_LIFETIME_S, playgroundClient, startDemo } from '../demo/server';

// The demo backend the live examples talk to: real servers on 127.0.0.1, no browser.
describe('demo backend', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(() => demo.close());

  it('hands out a token on /api/token without any client credentials from the caller', async () => {
    const response = await fetch(`${demo.origin}/api/token`, { method: 'POST', body: 'grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
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
    const { access_token } = (await (await fetch(`${demo.origin}/api/token`, { method: 'POST' })).json()) as { access_token: string };
    const ok = await fetch(`${demo.origin}/api/demo/orders?status=open`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(await ok.json()).toEqual({ ok: true, path: '/orders?status=open', method: 'GET', token: access_token.slice(0, 6) });

    const expired = await fetch(`${demo.origin}/api/demo-admin/expire-tokens`, { method: 'POST' });
    expect(expired.status).toBe(204);
    const refused = await fetch(`${demo.origin}/api/demo/orders`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
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
  await fetch(`${demo.origin}/api/token`, { method: 'POST' });
  return demo.tokenServer.requests.at(-1)?.basic?.decoded?.clientSecret ?? '';
}
