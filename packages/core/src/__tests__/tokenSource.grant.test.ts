// The contract between a token source and its grant (source/grant.ts): the grant makes one attempt
// through `io`; retries, timeouts, the deadline, caching and errors at the transport boundary stay
// in the source.
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError } from '../errors/ConfigError.js';
import { parseTokenResponse } from '../response/response.js';
import type { GrantIo, TokenGrant } from '../source/grant.js';
import { memoryStore } from '../source/store.js';
import { createTokenSource } from '../source/tokenSource.js';
import { fakeTime } from './helpers/fakeTime.js';
import { fakeTransport, tokenAnswer } from './helpers/fakeTransport.js';
import { rejection } from './helpers/fixtures.js';

const ROUTE = 'https://app.example.com/auth/token';

/** A grant of the kind a frontend uses: a POST to its own backend's token route, no secret. */
function backendRoute(log: GrantIo[] = []): TokenGrant {
  return {
    tokenUrl: ROUTE,
    async requestToken(io) {
      log.push(io);
      const requestedAt = io.now();
      const response = await io.send({ url: ROUTE, method: 'POST', headers: { 'x-request-id': io.jti() } }, 'token request');
      return parseTokenResponse(response, { ...io.parse, requestedAt, receivedAt: io.now() });
    },
  };
}

function source(grant: TokenGrant, options: Partial<Parameters<typeof createTokenSource>[1]> = {}) {
  const time = fakeTime();
  const endpoint = fakeTransport();
  const created = createTokenSource(grant, { transport: endpoint.transport, clock: time.clock, timers: time.timers, random: () => 0, jti: () => 'jti-1', ...options });
  onTestFinished(() => created.dispose());
  return { time, endpoint, source: created };
}

describe('a grant of your own (TokenGrant)', () => {
  it('gets its token through io: the source transport, clock, jti and parse options', async () => {
    const log: GrantIo[] = [];
    const { time, endpoint, source: tokens } = source(backendRoute(log), { parse: { tokenTypes: ['DPoP'] } });
    endpoint.queue({ status: 200, headers: {}, body: JSON.stringify({ access_token: 'a-dpop-token', token_type: 'DPoP', expires_in: 60 }) });
    expect(tokens.tokenUrl).toBe(ROUTE);
    await expect(tokens.getToken()).resolves.toMatchObject({ accessToken: 'a-dpop-token', tokenType: 'DPoP', expiresAt: time.clock() + 60_000 });
    expect(endpoint.calls[0]?.request).toMatchObject({ url: ROUTE, headers: { 'x-request-id': 'jti-1' } });
    expect(log[0]?.parse).toStrictEqual({ tokenTypes: ['DPoP'] });
    expect(tokens.stats()).toMatchObject({ tokenRequests: 1 });
  });

  it('is asked once per attempt: the source retries, with its backoff, what may pass', async () => {
    const log: GrantIo[] = [];
    const { time, endpoint, source: tokens } = source(backendRoute(log), { retry: { retries: 2 } });
    endpoint.queue(new TypeError('fetch failed'), tokenAnswer());
    const pending = tokens.getToken();
    await time.advance(1_000);
    await expect(pending).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(log).toHaveLength(2);
    expect(tokens.stats()).toMatchObject({ tokenRequests: 2, failures: 1 });
  });

  it('a transport failure reaches the grant as TOK_NETWORK whose cause holds plain errors only', async () => {
    const { endpoint, source: tokens } = source(backendRoute(), { retry: { retries: 0 } });
    const request = { url: ROUTE, headers: new Headers({ authorization: 'Bearer leaked-if-kept' }) };
    const socket = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', request });
    endpoint.queue(Object.assign(new TypeError('fetch failed', { cause: socket }), { request }));
    const error = (await rejection(tokens.getToken())) as Error & { code: string };
    expect(error).toMatchObject({ name: 'TransportError', code: 'TOK_NETWORK' });
    expect(error.message).toBe(`token request to ${ROUTE} failed: fetch failed (ECONNREFUSED)`);
    const cause = error.cause as Error & { request?: unknown; cause?: Error & { code?: string; request?: unknown } };
    expect(cause).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(cause.request).toBeUndefined();
    expect(cause.cause).toMatchObject({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' });
    expect(cause.cause?.request).toBeUndefined();
  });

  it('a grant that throws something that is no tok error fails as TOK_NETWORK, not as the raw value', async () => {
    const broken: TokenGrant = { tokenUrl: ROUTE, requestToken: () => Promise.reject(Object.assign(new RangeError('bad'), { secretHolder: { key: 'k' } })) };
    const { source: tokens } = source(broken, { retry: { retries: 0 } });
    const error = (await rejection(tokens.getToken())) as Error;
    expect(error).toMatchObject({ code: 'TOK_NETWORK', message: 'bad', cause: { name: 'RangeError' } });
    expect((error.cause as { secretHolder?: unknown }).secretHolder).toBeUndefined();
  });

  it('a store needs a grant that can name its tokens (cacheKey): refused at construction otherwise', async () => {
    const time = fakeTime();
    const transport = fakeTransport().transport;
    expect(() => createTokenSource(backendRoute(), { transport, store: memoryStore() })).toThrow(ConfigError);
    const keyed = { ...backendRoute(), cacheKey: async () => 'backend-route' };
    const store = memoryStore();
    const a = createTokenSource(keyed, { transport, store, clock: time.clock, timers: time.timers });
    const b = createTokenSource(keyed, { transport, store, clock: time.clock, timers: time.timers });
    onTestFinished(() => (a.dispose(), b.dispose()));
    const token = await a.getToken();
    expect(await store.get('backend-route')).toEqual(token);
    expect((await b.getToken()).accessToken).toBe(token.accessToken);
  });
});
