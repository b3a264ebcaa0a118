// placement: auto() against a token server that takes the secret only in the form body, as many do.
import { auto, clientCredentials, NegotiationError } from '@tok/core';
import { startApiServer, startTokenServer, type ApiServer, type TokenServer } from '@tok/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizedFetch } from './client.js';

let tokens: TokenServer;
let api: ApiServer;

beforeAll(async () => {
  tokens = await startTokenServer({ clients: [{ clientId: 'form-only', clientSecret: 'form+secret&=', accept: ['form'] }] });
  api = await startApiServer({ tokenServer: tokens });
});
afterAll(async () => {
  await Promise.all([tokens?.close(), api?.close()]);
});

describe('placement: auto()', () => {
  it('tries Basic, falls back to the form body on invalid_client, and remembers the winner', async () => {
    tokens.reset();
    const grant = clientCredentials({ tokenUrl: tokens.url, clientId: 'form-only', clientSecret: 'form+secret&=', placement: auto() });
    const f = authorizedFetch(grant);
    expect((await f(`${api.origin}/items`)).status).toBe(200);
    expect(tokens.requests.map((r) => (r.basic ? 'basic' : 'form'))).toStrictEqual(['basic', 'form']);
    expect(tokens.requests[1]?.fields).toMatchObject({ client_id: 'form-only', client_secret: 'form+secret&=' });

    f.source.invalidate();
    expect((await f(`${api.origin}/items`)).status).toBe(200);
    expect(tokens.requests.map((r) => (r.basic ? 'basic' : 'form'))).toStrictEqual(['basic', 'form', 'form']);
    f.source.dispose();
  });

  it('reports both refusals when neither placement is accepted, and no secret in the message', async () => {
    tokens.reset();
    const grant = clientCredentials({ tokenUrl: tokens.url, clientId: 'form-only', clientSecret: 'not-the-secret', placement: auto() });
    const f = authorizedFetch(grant);
    const apiCalls = api.count;
    const error = await f(`${api.origin}/items`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NegotiationError);
    const { attempts, status, message } = error as NegotiationError;
    expect(attempts.map(({ placement, error: e }) => [placement, (e as NegotiationError).status])).toStrictEqual([
      ['basic', 401],
      ['form', 400],
    ]);
    expect(status).toBe(400);
    expect(message).toContain('basic: token endpoint answered 401 invalid_client');
    expect(message).toContain('form: token endpoint answered 400 invalid_client');
    expect(message).not.toContain('not-the-secret');
    expect(api.count).toBe(apiCalls);
    f.source.dispose();
  });

  it('negotiates again when the remembered placement stops working', async () => {
    tokens.reset();
    const grant = clientCredentials({ tokenUrl: tokens.url, clientId: 'form-only', clientSecret: 'form+secret&=', placement: auto() });
    // No pause after the failed flight: the call right after it goes out.
    const f = authorizedFetch(grant, { retry: { retries: 0, baseDelayMs: 0 } });
    await f.source.getToken();
    tokens.behave({ status: 400, body: { error: 'invalid_client' } });
    f.source.invalidate();
    await expect(f.source.getToken()).rejects.toMatchObject({ error: 'invalid_client' });
    tokens.reset();
    await f.source.getToken();
    expect(tokens.requests.map((r) => (r.basic ? 'basic' : 'form'))).toStrictEqual(['basic', 'form']);
    f.source.dispose();
  });
});
