// redisStore against a real redis-server, with each client: what it writes, what it refuses to
// read, and how a source behaves when Redis is slow or answers garbage.
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { clientCredentials, ConfigError, createTokenSource, fetchTransport, type Token, type TokenEvent, type TokenStore, tokenCacheKey } from '@tok/core';
import { defaultClient, startTokenServer, type TokenServer } from '@tok/test-utils';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { redisStore, type RedisStoreOptions } from '../index.js';
import { CLIENTS, type ClientName, connect } from './helpers/clients.js';
import { type RedisServer, startRedisServer } from './helpers/redisServer.js';

let redis: RedisServer;
let tokens: TokenServer;
beforeAll(async () => {
  redis = await startRedisServer();
  tokens = await startTokenServer();
});
afterAll(async () => {
  await tokens?.close();
  await redis?.stop();
});

const key = () => randomBytes(32).toString('base64');
let scopes = 0;
const grant = () => clientCredentials({ tokenUrl: tokens.url, clientId: defaultClient.clientId, clientSecret: defaultClient.clientSecret, scope: `unit-${++scopes}` });
const token = (accessToken = `at-${randomBytes(8).toString('hex')}`): Token => ({
  accessToken,
  tokenType: 'Bearer',
  issuedAt: Date.now(),
  expiresAt: Date.now() + 60_000,
  refreshIn: undefined,
  scope: 'read',
  raw: { access_token: accessToken, token_type: 'Bearer', expires_in: 60 },
});

function source(store: TokenStore, g = grant()) {
  const created = createTokenSource(g, { transport: fetchTransport(fetch), store, retry: { retries: 0 } });
  const events: TokenEvent[] = [];
  created.subscribe((event) => events.push(event));
  onTestFinished(() => created.dispose());
  return Object.assign(created, { events });
}

describe.each(CLIENTS)('redisStore with %s', (name: ClientName) => {
  const store = async (options: RedisStoreOptions = {}) => redisStore(await connect(name, redis.url), options);

  it('stores a token sealed under the first key, bound to its Redis key, and reads it back whole', async () => {
    const keys = [key()];
    const tokenStore = await store({ keys });
    const stored = token();
    await tokenStore.set('tok:unit-a', stored);
    const value = await redis.cli('GET', 'tok:unit-a');
    expect(value).toMatch(/^s1\.[\w-]+\.[\w-]+\n$/);
    expect(value).not.toContain(stored.accessToken);
    expect(await tokenStore.get('tok:unit-a')).toEqual(stored);
    // Its TTL is the token's: Redis drops it when it expires.
    expect(Number(await redis.cli('PTTL', 'tok:unit-a'))).toBeGreaterThan(50_000);
    // Copied under another key, it does not open.
    await redis.cli('SET', 'tok:unit-b', value.trim());
    await expect(tokenStore.get('tok:unit-b')).rejects.toThrow(/is not a token sealed under one of the keys/);
    expect(await tokenStore.get('tok:unit-none')).toBeUndefined();
  });

  it('rotates keys: the first seals, every key opens; a token under a dropped key is refused', async () => {
    const [old, next] = [key(), key()];
    const stored = token();
    await (await store({ keys: [old] })).set('tok:unit-rotate', stored);
    expect(await (await store({ keys: [next, old] })).get('tok:unit-rotate')).toEqual(stored);
    await expect((await store({ keys: [next] })).get('tok:unit-rotate')).rejects.toThrow(/not a token/);
    await (await store({ keys: [next, old] })).set('tok:unit-rotate', stored);
    expect(await (await store({ keys: [next] })).get('tok:unit-rotate')).toEqual(stored);
  });

  it('without keys, stores the token in clear (p1.), and a store with keys refuses such a value', async () => {
    const stored = token();
    await (await store()).set('tok:unit-plain', stored);
    expect(await redis.cli('GET', 'tok:unit-plain')).toContain(stored.accessToken);
    expect(await (await store()).get('tok:unit-plain')).toEqual(stored);
    // A token planted in clear is never taken by a fleet that seals.
    await expect((await store({ keys: [key()] })).get('tok:unit-plain')).rejects.toThrow(/not a token/);
  });

  it('refuses garbage, a value over maxValueBytes and a value of another type, without quoting them', async () => {
    const tokenStore = await store({ maxValueBytes: 1_000 });
    await redis.cli('SET', 'tok:unit-garbage', 'p1.{"accessToken":"leaky-garbage","tokenType":7}');
    const garbage = await Promise.resolve(tokenStore.get('tok:unit-garbage')).catch((e: Error) => e);
    expect(String(garbage)).toMatch(/is not a token stored without keys/);
    expect(String(garbage)).not.toContain('leaky');
    await redis.cli('SET', 'tok:unit-large', `p1.${'x'.repeat(5_000)}`);
    await expect(tokenStore.get('tok:unit-large')).rejects.toThrow(/larger than maxValueBytes \(1000\)/);
    await redis.cli('LPUSH', 'tok:unit-list', 'x');
    await expect(tokenStore.get('tok:unit-list')).rejects.toThrow(/WRONGTYPE/);
  });

  it('a source on a Redis that answers garbage still gets its token, reports store-failed and replaces the garbage', async () => {
    const tokenStore = await store({ keys: [key()] });
    const g = grant();
    const storeKey = await tokenCacheKey(g);
    await redis.cli('SET', storeKey, 's1.garbage');
    const tokenSource = source(tokenStore, g);
    const got = await tokenSource.getToken();
    // Read before the lock and again inside it: garbage both times.
    expect(tokenSource.events.filter((e) => e.type === 'store-failed')).toMatchObject([
      { operation: 'get', error: { code: 'TOK_STORE' } },
      { operation: 'get', error: { code: 'TOK_STORE' } },
    ]);
    expect(await tokenStore.get(storeKey)).toEqual(got);
    // Nothing a listener or a log sees carries the token or the secret.
    const seen = inspect(tokenSource.events, { depth: 10 }) + JSON.stringify(tokenSource.events);
    expect(seen).not.toContain(got.accessToken);
    expect(seen).not.toContain(defaultClient.clientSecret);
  });

  it('a slow Redis (CLIENT PAUSE): calls still succeed after one timeout, Redis is skipped meanwhile, then used again', async () => {
    const tokenStore = await store({ keys: [key()], timeoutMs: 100, pauseMs: 300 });
    await redis.cli('CLIENT', 'PAUSE', '6000', 'ALL');
    const first = source(tokenStore);
    const started = Date.now();
    await first.getToken();
    // One timeout (100 ms) for the first read, then the lock, the read inside it and the write fail
    // at once: Redis is skipped after a failure. Nothing waits for Redis to answer again (6 s),
    // however loaded the machine.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(first.events.filter((e) => e.type === 'store-failed').map((e) => (e as { operation: string }).operation)).toEqual(['get', 'lock', 'get', 'set']);
    // Answered once the pause is over; then the store's own pause (300 ms) ends too.
    expect(await redis.cli('PING')).toBe('PONG\n');
    await new Promise((resolve) => setTimeout(resolve, 350));
    const g = grant();
    const [a, b] = [source(tokenStore, g), source(tokenStore, g)];
    const before = tokens.count;
    expect(await a.getToken()).toEqual(await b.getToken());
    expect(tokens.count - before).toBe(1);
    expect([...a.events, ...b.events].some((e) => e.type === 'store-failed')).toBe(false);
  });

  it('leases: one holder at a time, the lease renewed while its holder works however long it takes', async () => {
    // Two stores on two connections: two processes.
    // Renewed every 300 ms, so a loaded machine may stall a holder for 600 ms without losing it.
    const [a, b] = [await store({ leaseMs: 900, pollMs: 5 }), await store({ leaseMs: 900, pollMs: 5 })];
    const order: string[] = [];
    const first = (a.lock as NonNullable<TokenStore['lock']>)('tok:unit-renew', async () => {
      order.push('a in');
      // A slow token request: more than three leases long.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      order.push('a out');
    });
    await vi.waitUntil(() => order.includes('a in'), { timeout: 5_000, interval: 5 });
    await (b.lock as NonNullable<TokenStore['lock']>)('tok:unit-renew', async () => void order.push('b in'));
    await first;
    expect(order).toEqual(['a in', 'a out', 'b in']);
    expect(await redis.cli('EXISTS', 'tok:unit-renew:lease')).toBe('0\n');
  });

  it('waiters see the token appear and go on at once, without a turn at the lease each', async () => {
    const [waiter, holder] = [await store({ leaseMs: 60_000 }), await store()];
    const key = `tok:unit-appear-${name}`;
    await holder.set(key, token('old'));
    // Another process holds the lease for its token request.
    await redis.cli('SET', `${key}:lease`, 'holder', 'PX', '60000');
    let ran = false;
    const waiting = (waiter.lock as NonNullable<TokenStore['lock']>)(key, async () => (ran = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ran).toBe(false);
    await holder.set(key, token('new'));
    const started = Date.now();
    await waiting;
    // Not the lease's 60 s: the token's arrival ended the wait.
    expect(Date.now() - started).toBeLessThan(10_000);
    // The holder's lease is untouched: the waiter never held it.
    expect(await redis.cli('GET', `${key}:lease`)).toBe('holder\n');
  });

  it('a holder whose lease was taken over (it stalled past it) neither stores over, renews nor releases its successor', async () => {
    const tokenStore = await store({ leaseMs: 300 });
    const stored = token();
    await tokenStore.set(`tok:unit-fence-${name}`, stored);
    await (tokenStore.lock as NonNullable<TokenStore['lock']>)(`tok:unit-fence-${name}`, async () => {
      // Its lease expired and another process took it, with its own fencing value.
      await redis.cli('SET', `tok:unit-fence-${name}:lease`, 'successor', 'PX', '60000');
      await tokenStore.set(`tok:unit-fence-${name}`, token('late'));
      // Long enough for renewals to run: they must not touch the successor's lease.
      await new Promise((resolve) => setTimeout(resolve, 250));
    });
    expect((await tokenStore.get(`tok:unit-fence-${name}`))?.accessToken).toBe(stored.accessToken);
    expect(await redis.cli('GET', `tok:unit-fence-${name}:lease`)).toBe('successor\n');
    expect(Number(await redis.cli('PTTL', `tok:unit-fence-${name}:lease`))).toBeGreaterThan(50_000);
  });

  it('a holder that lost Redis mid-request still releases its lease once Redis answers again: the fleet is not held up for leaseMs', async () => {
    const tokenStore = await store({ timeoutMs: 100, pauseMs: 60_000, leaseMs: 60_000 });
    const lock = tokenStore.lock as NonNullable<TokenStore['lock']>;
    await lock('tok:unit-release', async () => {
      await redis.cli('CLIENT', 'PAUSE', '300', 'ALL');
      // Times out: from now on the store skips Redis for a minute…
      await expect(tokenStore.get('tok:unit-release')).rejects.toThrow(/did not answer/);
      await expect(tokenStore.get('tok:unit-release')).rejects.toThrow(/skipped/);
      await new Promise((resolve) => setTimeout(resolve, 400));
    });
    // …but not for the release.
    await vi.waitUntil(async () => (await redis.cli('EXISTS', 'tok:unit-release:lease')) === '0\n', { timeout: 5_000, interval: 20 });
  });

  it('a lease left behind by a holder that stored its token and died holds nobody up: the token is read before the lease', async () => {
    const tokenStore = await store({ keys: [key()], leaseMs: 30_000 });
    const g = grant();
    const storeKey = await tokenCacheKey(g);
    const first = await source(tokenStore, g).getToken();
    await redis.cli('SET', `${storeKey}:lease`, 'a-process-that-is-gone', 'PX', '30000');
    const started = Date.now();
    expect(await source(tokenStore, g).getToken()).toEqual(first);
    // Not the lease's 30 s.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a waiter gives up after waitMs (the source then fetches on its own) and stops at once when its source is disposed', async () => {
    const tokenStore = await store({ leaseMs: 5_000, waitMs: 300 });
    await redis.cli('SET', 'tok:unit-held:lease', 'someone-else', 'PX', '5000');
    const lock = tokenStore.lock as NonNullable<TokenStore['lock']>;
    const started = Date.now();
    await expect(lock('tok:unit-held', async () => 'ran')).rejects.toThrow(/held the lease for over 300 ms/);
    // Not the lease's 5 s.
    expect(Date.now() - started).toBeLessThan(4_500);
    const abort = new AbortController();
    const waiting = lock('tok:unit-held', async () => 'ran', { signal: abort.signal }).catch((e: Error) => e);
    setTimeout(() => abort.abort(), 50);
    expect(String(await waiting)).toMatch(/disposed/);
  });
});

describe('redisStore configuration', () => {
  it('refuses what is not a client, keys of the wrong size and bad numbers with a ConfigError that never quotes a key', () => {
    expect(() => redisStore({} as never)).toThrow(ConfigError);
    expect(() => redisStore({} as never)).toThrow(/^client: expected a connected client of redis/);
    const client = { sendCommand: async () => null };
    const secretish = 'c2hvcnQta2V5LXRoYXQtbGVha3M=';
    const error = (() => {
      try {
        redisStore(client, { keys: [secretish] });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toMatch(/^keys\[0\]: expected 16 or 32 bytes/);
    expect(error?.message).not.toContain(secretish);
    expect(() => redisStore(client, { keys: [] })).toThrow(/^keys: expected a list of one or more AES keys/);
    expect(() => redisStore(client, { keys: [new Uint8Array(32), new Uint8Array(16)] })).not.toThrow();
    for (const name of ['timeoutMs', 'leaseMs', 'waitMs', 'pollMs', 'maxValueBytes'] as const) {
      expect(() => redisStore(client, { [name]: 0 })).toThrow(new RegExp(`^${name}: expected a number`));
      expect(() => redisStore(client, { [name]: Number.NaN })).toThrow(ConfigError);
    }
    expect(() => redisStore(client, { pauseMs: 0 })).not.toThrow();
    expect(() => redisStore(client, { prefix: 3 as never })).toThrow(/^prefix:/);
  });

  it('shows no key in util.inspect or JSON.stringify of the store', () => {
    const sealKey = key();
    const tokenStore = redisStore({ sendCommand: async () => null }, { keys: [sealKey] });
    const bytes = Buffer.from(sealKey, 'base64');
    for (const shown of [inspect(tokenStore, { depth: 10, showHidden: true }), JSON.stringify(tokenStore)]) {
      expect(shown).not.toContain(sealKey);
      expect(shown).not.toContain(bytes.toString('hex'));
    }
  });

  it('puts the prefix before every key it writes', async () => {
    const tokenStore = redisStore(await connect('redis', redis.url), { prefix: 'myapp:' });
    await tokenStore.set('tok:unit-prefixed', token());
    expect(await redis.cli('EXISTS', 'myapp:tok:unit-prefixed')).toBe('1\n');
  });
});
