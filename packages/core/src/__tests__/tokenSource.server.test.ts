import type { Transport } from '../http/types.js';
import { defaultClient, startTokenServer, type TokenServer, type TokenServerOptions } from '@tok/test-utils';
import { describe, expect, it, onTestFinished } from 'vitest';
import { OAuthError } from '../errors/OAuthError.js';
import { clientCredentials } from '../request/grant.js';
import { runtimeTimers, type Timers } from '../source/timers.js';
import { createTokenSource, type TokenSource } from '../source/tokenSource.js';
import type { TokenSourceOptions } from '../source/options.js';
import { fakeTime } from './helpers/fakeTime.js';
import { HOUR_REFRESH_AT, rejection } from './helpers/fixtures.js';

// What an adapter does, in a few lines: the request as given, the answer as plain data.
const fetchTransport: Transport = async (request, { signal }) => {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body ?? null, signal, redirect: 'manual' });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
};

async function server(options: TokenServerOptions = {}): Promise<TokenServer> {
  const started = await startTokenServer(options);
  onTestFinished(() => started.close());
  return started;
}

function source(tokenServer: TokenServer, options: Partial<TokenSourceOptions> = {}, clientSecret: string = defaultClient.clientSecret): TokenSource {
  const grant = clientCredentials({ tokenUrl: tokenServer.url, clientId: defaultClient.clientId, clientSecret });
  const created = createTokenSource(grant, { transport: fetchTransport, random: () => 0, ...options });
  onTestFinished(() => created.dispose());
  return created;
}

/** Real timers that also note each delay asked of them. */
function recordingTimers(): Timers & { readonly delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    setTimeout(callback, ms) {
      delays.push(ms);
      return runtimeTimers.setTimeout(callback, ms);
    },
    clearTimeout: runtimeTimers.clearTimeout,
  };
}

describe('against a real token server on 127.0.0.1', () => {
  it('makes one token request for many concurrent callers, then answers from the cache', async () => {
    const tokens = await server();
    const tok = source(tokens);
    const first = await Promise.all(Array.from({ length: 50 }, () => tok.getToken()));
    expect(new Set(first).size).toBe(1);
    expect(tokens.count).toBe(1);
    expect(tokens.find(first[0]?.accessToken ?? '')).toBeDefined();
    expect(tokens.requests[0]?.basic).toMatchObject({ decoded: { clientId: defaultClient.clientId } });
    for (let i = 0; i < 20; i++) expect(await tok.getToken()).toBe(first[0]);
    expect(tokens.count).toBe(1);
  });

  it('keeps callers who arrive while a slow answer is on its way on the same request', async () => {
    const tokens = await server();
    tokens.behave({ delayMs: 600 });
    const tok = source(tokens);
    const early = tok.getToken();
    await expect.poll(() => tokens.count).toBe(1);
    expect(tok.peek()).toBeUndefined(); // the answer has not arrived
    const late = Array.from({ length: 20 }, () => tok.getToken());
    const all = await Promise.all([early, ...late]);
    expect(new Set(all).size).toBe(1);
    expect(tokens.count).toBe(1);
  });

  it('retries a 500 and gets a token from the next answer', async () => {
    const tokens = await server();
    tokens.behave({ status: 500, body: 'internal error' });
    const tok = source(tokens);
    const token = await tok.getToken();
    expect(tokens.find(token.accessToken)).toBeDefined();
    expect(tokens.count).toBe(2);
    expect(tok.stats()).toMatchObject({ tokenRequests: 2, failures: 1 });
  });

  it('waits out a 429 with Retry-After: 1, then gets a token', async () => {
    const tokens = await server();
    tokens.behave({ status: 429, body: { error: 'slow_down' }, headers: { 'retry-after': '1' } });
    const timers = recordingTimers();
    const tok = source(tokens, { timers });
    const token = await tok.getToken();
    expect(tokens.find(token.accessToken)).toBeDefined();
    expect(tokens.count).toBe(2);
    expect(timers.delays).toContain(1_000);
    const [first, second] = tokens.requests;
    expect((second?.time ?? 0) - (first?.time ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('retries after the server drops the connection', async () => {
    const tokens = await server();
    tokens.behave({ drop: true });
    const tok = source(tokens);
    const token = await tok.getToken();
    expect(tokens.find(token.accessToken)).toBeDefined();
    expect(tokens.count).toBe(2);
    expect(tok.stats()).toMatchObject({ tokenRequests: 2, failures: 1 });
  });

  it('reports a dropped connection as TOK_NETWORK when it may not retry', async () => {
    const tokens = await server();
    tokens.behave({ drop: true });
    const error = await rejection(source(tokens, { retry: { retries: 0 } }).getToken());
    expect(error).toMatchObject({ code: 'TOK_NETWORK' });
    expect((error as Error).message).toContain(tokens.url);
  });

  it('times out a request the server never answers', async () => {
    const tokens = await server();
    tokens.behave({ hang: true });
    const error = await rejection(source(tokens, { timeoutMs: 200, retry: { retries: 0 } }).getToken());
    expect(error).toMatchObject({ code: 'TOK_TIMEOUT' });
    expect(tokens.count).toBe(1);
  });

  it('gets a token on the next attempt after a timeout', async () => {
    const tokens = await server();
    tokens.behave({ hang: true });
    const tok = source(tokens, { timeoutMs: 500, retry: { retries: 1 } });
    const token = await tok.getToken();
    expect(tokens.find(token.accessToken)).toBeDefined();
    expect(tokens.count).toBe(2);
  });

  it('does not retry invalid_client from a wrong secret, and keeps the secret out of the error', async () => {
    const tokens = await server();
    const wrong = 'not-the-right-secret';
    const error = await rejection(source(tokens, {}, wrong).getToken());
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: 'invalid_client', status: 401 });
    expect(JSON.stringify(error)).not.toContain(wrong);
    expect((error as Error).message).not.toContain(wrong);
    expect(tokens.count).toBe(1);
  });

  it('fetches a new token after invalidate(), once for a burst of 401s', async () => {
    const tokens = await server();
    const tok = source(tokens);
    const refused = await tok.getToken();
    for (let i = 0; i < 50; i++) tok.invalidate(refused);
    const next = await tok.getToken();
    expect(next.accessToken).not.toBe(refused.accessToken);
    expect(tokens.find(next.accessToken)).toBeDefined();
    expect(tokens.count).toBe(2);
  });

  it('refreshes in the background at the refresh point while callers keep the valid token', async () => {
    const tokens = await server();
    const time = fakeTime(Date.now());
    const tok = source(tokens, { clock: time.clock });
    const old = await tok.getToken();
    tokens.behave({ delayMs: 100 });
    time.jump(HOUR_REFRESH_AT);
    const during = await Promise.all(Array.from({ length: 20 }, () => tok.getToken()));
    expect(during.every((token) => token === old)).toBe(true);
    await expect.poll(() => tok.peek() !== old).toBe(true);
    expect(tokens.count).toBe(2);
    expect(tokens.find(tok.peek()?.accessToken ?? '')).toBeDefined();
  });
});
