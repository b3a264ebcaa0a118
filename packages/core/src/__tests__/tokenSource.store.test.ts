import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { TokenEvent } from '../source/events.js';
import type { Grant } from '../request/grant.js';
import { memoryStore, type TokenStore, tokenCacheKey } from '../source/store.js';
import type { Token } from '../response/token.js';
import { createTokenSource } from '../source/tokenSource.js';
import type { TokenSourceOptions } from '../source/options.js';
import { type FakeTime, fakeTime } from './helpers/fakeTime.js';
import { type FakeTransport, fakeTransport, tokenAnswer } from './helpers/fakeTransport.js';
import { HOUR_REFRESH_AT, testGrant } from './helpers/fixtures.js';

/** Sources on one fake clock and one fake endpoint, as several parts of an app sharing a store. */
function world() {
  const time = fakeTime();
  const endpoint = fakeTransport();
  const source = (store: TokenStore, grant: Grant = testGrant(), options: Partial<TokenSourceOptions> = {}) => {
    const created = createTokenSource(grant, { transport: endpoint.transport, clock: time.clock, timers: time.timers, random: () => 0, store, ...options });
    const events: TokenEvent[] = [];
    created.subscribe((event) => events.push(event));
    onTestFinished(() => created.dispose());
    return Object.assign(created, { events });
  };
  return { time, endpoint, source };
}

/**
 * A store that records what it is asked, with a lock that runs one holder at a time per key. Its
 * `get` takes a few milliseconds, as a networked store would, so that sources that did not wait
 * for each other would all find it empty.
 */
function recordingStore(options: { lock: boolean }): TokenStore & { readonly log: string[]; readonly tokens: Map<string, Token> } {
  const tokens = new Map<string, Token>();
  const log: string[] = [];
  const held = new Map<string, Promise<unknown>>();
  const store: TokenStore & { log: string[]; tokens: Map<string, Token> } = {
    log,
    tokens,
    async get(key) {
      log.push(`get ${key}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return tokens.get(key);
    },
    async set(key, token) {
      log.push(`set ${key}`);
      tokens.set(key, token);
    },
  };
  if (options.lock) {
    store.lock = async <T>(key: string, fetch: () => Promise<T>): Promise<T> => {
      log.push(`lock ${key}`);
      const before = held.get(key) ?? Promise.resolve();
      const run = before.then(fetch, fetch);
      held.set(
        key,
        run.catch(() => {}),
      );
      return run;
    };
  }
  return store;
}

describe('store', () => {
  it('lets two sources sharing a memoryStore make one token request between them', async () => {
    const { endpoint, source } = world();
    const store = memoryStore();
    const a = source(store);
    const b = source(store);
    const fromA = await a.getToken();
    const fromB = await b.getToken();
    expect(fromB).toEqual(fromA);
    expect(endpoint.count).toBe(1);
    expect(a.events).toMatchObject([{ type: 'token-obtained', from: 'endpoint' }]);
    expect(b.events).toMatchObject([{ type: 'token-obtained', from: 'store' }]);
  });

  it('keys the stored token with tokenCacheKey(grant)', async () => {
    const { source } = world();
    const store = recordingStore({ lock: false });
    const grant = testGrant();
    const token = await source(store, grant).getToken();
    const key = await tokenCacheKey(grant);
    expect(store.log).toEqual([`get ${key}`, `set ${key}`]);
    expect(store.tokens.get(key)).toEqual(token);
  });

  it('does not share a token between grants that differ (a rotated secret, another scope)', async () => {
    const { endpoint, source } = world();
    const store = memoryStore();
    const first = await source(store, testGrant()).getToken();
    const rotated = await source(store, testGrant({ clientSecret: 'rotated-secret' })).getToken();
    const otherScope = await source(store, testGrant({ scope: 'write' })).getToken();
    expect(new Set([first.accessToken, rotated.accessToken, otherScope.accessToken]).size).toBe(3);
    expect(endpoint.count).toBe(3);
  });

  it('does not reuse a stored token that was invalidated', async () => {
    const { endpoint, source } = world();
    const store = memoryStore();
    const a = source(store);
    const b = source(store);
    const refused = await a.getToken();
    expect(await b.getToken()).toEqual(refused);

    // The API refuses the token b sends: b must fetch a new one, not take it back from the store.
    b.invalidate(refused);
    const next = await b.getToken();
    expect(next.accessToken).not.toBe(refused.accessToken);
    expect(endpoint.count).toBe(2);

    // a's own 401 for the same token finds the replacement in the store.
    a.invalidate(refused);
    expect(await a.getToken()).toEqual(next);
    expect(endpoint.count).toBe(2);
  });

  it('does not take a stored token that is due for refresh or expired', async () => {
    const { time, endpoint, source } = world();
    const store = memoryStore();
    const stale = await source(store).getToken();
    time.jump(HOUR_REFRESH_AT);
    const fresh = await source(store).getToken();
    expect(fresh.accessToken).not.toBe(stale.accessToken);
    time.jump(3_600_000);
    const fresher = await source(store).getToken();
    expect(fresher.accessToken).not.toBe(fresh.accessToken);
    expect(endpoint.count).toBe(3);
  });

  it('takes a stored token that never expires', async () => {
    const { endpoint, source } = world();
    const store = memoryStore();
    const key = await tokenCacheKey(testGrant());
    const forever: Token = { accessToken: 'forever', tokenType: 'Bearer', issuedAt: 0, expiresAt: undefined, refreshIn: undefined, scope: undefined, raw: {} };
    await store.set(key, forever);
    expect(await source(store).getToken()).toBe(forever);
    expect(endpoint.count).toBe(0);
  });

  it('uses lock when the store has one, and checks the store again inside it: one request for concurrent cold sources', async () => {
    const { endpoint, source } = world();
    const store = recordingStore({ lock: true });
    const key = await tokenCacheKey(testGrant());
    const sources = Array.from({ length: 5 }, () => source(store));
    const tokens = await Promise.all(sources.map((s) => s.getToken()));
    expect(endpoint.count).toBe(1);
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
    expect(store.log.filter((entry) => entry === `lock ${key}`)).toHaveLength(5);
    // Each reads first (a stored token costs no turn at the lock), then again inside the lock.
    expect(store.log.slice(0, 5)).toEqual(Array(5).fill(`get ${key}`));
    expect(sources.map((s) => s.events[0]).filter((event) => event?.type === 'token-obtained' && event.from === 'store')).toHaveLength(4);
  });

  it('refreshes through the store too: the new token is stored for the others', async () => {
    const { time, endpoint, source } = world();
    const store = memoryStore();
    const a = source(store);
    const old = await a.getToken();
    time.jump(HOUR_REFRESH_AT);
    endpoint.queue(tokenAnswer({ accessToken: 'renewed' }));
    expect(await a.getToken()).toBe(old);
    await time.advance(0);
    expect((await a.getToken()).accessToken).toBe('renewed');
    expect((await source(store).getToken()).accessToken).toBe('renewed');
    expect(endpoint.count).toBe(2);
  });
});

describe('a store that fails', () => {
  const broken = (what: 'get' | 'set' | 'lock'): TokenStore => {
    const store: TokenStore = {
      get: () => (what === 'get' ? Promise.reject(Object.assign(new Error('READONLY You can\'t write against a read only replica'), { code: 'READONLY', client: { password: 'p4ss' } })) : undefined),
      set: () => (what === 'set' ? Promise.reject(new Error('connection lost')) : undefined),
    };
    if (what === 'lock') store.lock = () => Promise.reject(new Error('lock timed out'));
    return store;
  };

  it.each(['get', 'set', 'lock'] as const)('%s: never fails the call; the source goes on without the store and reports TOK_STORE in a store-failed event', async (what) => {
    const { endpoint, source } = world();
    const tokens = source(broken(what), testGrant(), { retry: { retries: 0 } });
    const token = await tokens.getToken();
    expect(token.accessToken).toBeTruthy();
    expect(endpoint.count).toBe(1);
    const failed = tokens.events.filter((event) => event.type === 'store-failed');
    expect(failed.map((event) => event.operation)).toEqual([what]);
    const { error } = failed[0] as Extract<TokenEvent, { type: 'store-failed' }>;
    expect(error).toMatchObject({ name: 'TokError', code: 'TOK_STORE' });
    expect(error.message).toContain(`token store ${what}() failed`);
    const cause = error.cause as Error & Record<string, unknown>;
    expect(cause).toBeInstanceOf(Error);
    // Only plain fields: no client object (with its password) from the store's error.
    expect(cause.client).toBeUndefined();
    expect(JSON.stringify(Object.entries(cause))).not.toContain('p4ss');
    expect(tokens.events.at(-1)).toMatchObject({ type: 'token-obtained', from: 'endpoint' });
    expect(tokens.events.some((event) => event.type === 'refresh-failed')).toBe(false);
    // The token is served from memory: the broken store is not asked again until it is replaced.
    expect(await tokens.getToken()).toBe(token);
    expect(endpoint.count).toBe(1);
  });

  it('goes back to the store as soon as it works again: the next source shares the token', async () => {
    const { endpoint, source } = world();
    const shared = memoryStore();
    let down = true;
    const flaky: TokenStore = {
      get: (key) => (down ? Promise.reject(new Error('ECONNREFUSED')) : shared.get(key)),
      set: (key, token) => (down ? Promise.reject(new Error('ECONNREFUSED')) : shared.set(key, token)),
    };
    const a = source(flaky);
    await a.getToken();
    down = false;
    const b = source(flaky);
    const c = source(flaky);
    const fromB = await b.getToken();
    expect(await c.getToken()).toEqual(fromB);
    expect(endpoint.count).toBe(2);
    expect(c.events).toMatchObject([{ type: 'token-obtained', from: 'store' }]);
  });

  it('takes a token already in the store without a turn at the lock, which a holder that died may still keep', async () => {
    const { endpoint, source } = world();
    const inner = memoryStore();
    let locked = 0;
    const store: TokenStore = {
      get: (key) => inner.get(key),
      set: (key, token) => inner.set(key, token),
      lock: () => {
        locked++;
        return new Promise(() => {}); // held by a process that is gone
      },
    };
    const first = await source(inner).getToken();
    expect(await source(store).getToken()).toEqual(first);
    expect(locked).toBe(0);
    expect(endpoint.count).toBe(1);
  });

  it('a failure inside the lock (the token endpoint) keeps its own code', async () => {
    const { endpoint, source } = world();
    const store = recordingStore({ lock: true });
    const tokens = source(store, testGrant(), { retry: { retries: 0 } });
    endpoint.queue(new TypeError('fetch failed'));
    expect(await tokens.getToken().catch((e: unknown) => e)).toMatchObject({ code: 'TOK_NETWORK' });
    expect(tokens.events.map((event) => event.type)).toEqual(['refresh-failed']);
  });

  it('tells the lock when the source is disposed, so that a waiter stops waiting', async () => {
    const { source } = world();
    let seen: AbortSignal | undefined;
    const store: TokenStore = {
      get: () => undefined,
      set: () => undefined,
      lock: (_key, _fetch, options) => {
        seen = options?.signal;
        return new Promise((_, reject) => options?.signal?.addEventListener('abort', () => reject(new Error('stopped waiting'))));
      },
    };
    const tokens = source(store);
    const call = tokens.getToken().catch((e: unknown) => e);
    // The source reaches the lock after hashing its store key: wait for that, not for a set time.
    await vi.waitFor(() => expect(seen).toBeDefined());
    expect(seen?.aborted).toBe(false);
    tokens.dispose();
    expect(seen?.aborted).toBe(true);
    expect(await call).toMatchObject({ code: 'TOK_DISPOSED' });
  });
});
