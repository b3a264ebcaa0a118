import { ConfigError, type Token, type TokenStore } from '@tok/core';
import { type Command, commandOf, isRedisClient, type RedisClient } from './client.js';
import { withLease } from './lease.js';
import { keyBytes, type Sealer, sealer } from './seal.js';
import { decodeToken, encodeToken } from './tokenCodec.js';

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /**
   * AES-GCM keys that seal tokens at rest: 16 or 32 bytes each, as a `Uint8Array` or base64 text
   * (`openssl rand -base64 32`). The first seals; every one opens, so that a key can be rotated by
   * putting the new one first and dropping the old one once its tokens have expired. Every process
   * of the fleet needs the same keys. Without keys tokens are stored in clear: anyone who can read
   * Redis can call your APIs with them until they expire.
   */
  keys?: readonly (string | Uint8Array)[] | undefined;
  /** Put before every Redis key, e.g. `'myapp:'`. Default `''` (keys look like `tok:9f86d0…`). */
  prefix?: string | undefined;
  /** The longest one Redis command may take before the source goes on without Redis. Default `500`. */
  timeoutMs?: number | undefined;
  /**
   * How long the right to make the fleet's token request lasts without renewal (ms). Its holder
   * renews it every third of this while its token request goes on, so a holder that dies or stalls
   * holds up the others this long at most. Default `5_000`.
   */
  leaseMs?: number | undefined;
  /**
   * The longest a process waits for another's token request before making its own. Default
   * `30_000`, a token request's default deadline (`deadlineMs`) with its retries.
   */
  waitMs?: number | undefined;
  /** The first pause between two looks at the lease while waiting (it grows to 20 ms). Default `10`. */
  pollMs?: number | undefined;
  /** After a Redis failure, how long the store is skipped before it is tried again. Default `1_000`. */
  pauseMs?: number | undefined;
  /** The largest value read from Redis, in bytes; a larger one is refused as garbage. Default `65_536`. */
  maxValueBytes?: number | undefined;
}

// Writes the token only while this process's lease still holds its fencing value: a holder that
// was paused past its lease never overwrites the token of the process that took over.
const FENCED_SET =
  "if redis.call('get', KEYS[2]) ~= ARGV[1] then return 0 end " +
  "if ARGV[3] == '' then redis.call('set', KEYS[1], ARGV[2]) else redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) end return 1";

const SEALED = 's1.';
const PLAIN = 'p1.';

/**
 * A {@link TokenStore} in Redis, for a fleet of processes that share one client's tokens: when
 * they start cold together, one makes the token request and the others wait for its token; when it
 * is due for refresh, one refreshes and the others adopt the new token from Redis. A token in a
 * process's memory is served without asking Redis. Tokens are sealed with AES-GCM under `keys`;
 * Redis keys derive from `tokenCacheKey(grant)`, and the client secret is never stored.
 *
 * Redis never fails a call: when it is down, slow (`timeoutMs`) or answers garbage, each source
 * goes on as if it had no store, reports a `store-failed` event, and shares again once Redis is back.
 *
 * Give it a connected client of `redis` (node-redis 5+) or `ioredis`, preferably one that fails
 * commands at once while disconnected instead of queueing them (`disableOfflineQueue: true`,
 * `enableOfflineQueue: false`).
 *
 * @see https://redis.io/docs/latest/develop/use/patterns/distributed-locks/
 * @example
 * ```ts
 * const redis = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect();
 * const store = redisStore(redis, { keys: [process.env.TOK_REDIS_KEY!] });
 * const source = createTokenSource(grant, { transport: fetchTransport(fetch), store });
 * ```
 */
export function redisStore(client: RedisClient, options: RedisStoreOptions = {}): TokenStore {
  if (!isRedisClient(client)) {
    throw new ConfigError('client', `expected a connected client of redis (createClient(…)) or ioredis (new Redis(…)), got ${describe(client)}`);
  }
  const timeoutMs = positive(options, 'timeoutMs', 500);
  const timing = { leaseMs: positive(options, 'leaseMs', 5_000), waitMs: positive(options, 'waitMs', 30_000), pollMs: positive(options, 'pollMs', 10) };
  const pauseMs = positive(options, 'pauseMs', 1_000, true);
  const maxValueBytes = positive(options, 'maxValueBytes', 65_536);
  const prefix = options.prefix ?? '';
  if (typeof prefix !== 'string') throw new ConfigError('prefix', `expected a string such as 'myapp:', got ${describe(prefix)}`);
  const seal = sealerOf(options.keys);

  const send = commandOf(client, timeoutMs);
  let pausedUntil = 0;
  // Fails at once while paused after a failure, so that a Redis that is down costs one timeout
  // per pause, not one per token request.
  const command: Command = async (args) => {
    if (Date.now() < pausedUntil) throw new Error(`Redis is skipped for ${pauseMs} ms after a failure`);
    try {
      return await send(args);
    } catch (error) {
      pausedUntil = Date.now() + pauseMs;
      throw error;
    }
  };
  // The fencing value of the lease this store holds, by store key. (Two holders of one key in one
  // process, the first past its lease, would share the newer value: the fence guards processes.)
  const fences = new Map<string, string>();

  async function encode(token: Token, where: string): Promise<string> {
    const text = encodeToken(token);
    return seal ? SEALED + (await seal.seal(text, where)) : PLAIN + text;
  }

  async function decode(value: string, where: string): Promise<Token | undefined> {
    // A store with keys takes only sealed values: a token planted in clear is refused.
    const text = seal ? value.startsWith(SEALED) && (await seal.open(value.slice(SEALED.length), where)) : value.startsWith(PLAIN) && value.slice(PLAIN.length);
    return typeof text === 'string' ? decodeToken(text) : undefined;
  }

  return {
    async get(key) {
      const where = prefix + key;
      // A bounded read: GETRANGE answers at most maxValueBytes + 1 bytes ('' for no key).
      const value = await command(['GETRANGE', where, '0', String(maxValueBytes)]);
      if (value === '' || value === null) return undefined;
      if (typeof value !== 'string') throw new Error(`Redis answered GETRANGE with ${describe(value)}, not a string`);
      if (value.length > maxValueBytes) throw new Error(`the value at ${where} is larger than maxValueBytes (${maxValueBytes})`);
      const token = await decode(value, where);
      if (!token) throw new Error(`the value at ${where} is not a token${seal ? ' sealed under one of the keys' : ' stored without keys'}`);
      return token;
    },
    async set(key, token) {
      const where = prefix + key;
      const ttl = token.expiresAt === undefined ? '' : String(Math.floor(token.expiresAt - Date.now()));
      if (ttl !== '' && Number(ttl) <= 0) return;
      const value = await encode(token, where);
      const fence = fences.get(key);
      if (fence === undefined) await command(ttl === '' ? ['SET', where, value] : ['SET', where, value, 'PX', ttl]);
      else await command(['EVAL', FENCED_SET, '2', where, `${where}:lease`, fence, value, ttl]);
    },
    lock(key, fetch, lockOptions) {
      return withLease(
        command,
        send,
        `${prefix}${key}:lease`,
        prefix + key,
        timing,
        async (fence) => {
          if (fence === undefined) return fetch();
          fences.set(key, fence);
          try {
            return await fetch();
          } finally {
            if (fences.get(key) === fence) fences.delete(key);
          }
        },
        lockOptions?.signal,
      );
    },
  };
}

function sealerOf(keys: RedisStoreOptions['keys']): Sealer | undefined {
  if (keys === undefined) return undefined;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new ConfigError('keys', 'expected a list of one or more AES keys (16 or 32 bytes, base64 or Uint8Array), e.g. [process.env.TOK_REDIS_KEY]; leave keys out to store tokens in clear');
  }
  return sealer(
    keys.map((key, i) => {
      const bytes = keyBytes(key);
      // Never the key itself in the message: only what it is.
      if (!bytes) throw new ConfigError(`keys[${i}]`, `expected 16 or 32 bytes, as a Uint8Array or base64 text (openssl rand -base64 32), got ${describeKey(key)}`);
      return bytes;
    }),
  );
}

function positive(options: RedisStoreOptions, name: keyof RedisStoreOptions, fallback: number, zero = false): number {
  const value = options[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!zero && value === 0) || value > 2_147_483_647) {
    throw new ConfigError(name, `expected a number of milliseconds ${zero ? 'from' : 'above'} 0 up to 2147483647, got ${describe(value)}`);
  }
  return name === 'maxValueBytes' || name === 'leaseMs' ? Math.ceil(value) : value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object with ${Object.keys(value).slice(0, 6).join(', ') || 'no fields'}`;
  return typeof value === 'string' ? `a string` : typeof value === 'number' ? String(value) : typeof value;
}

function describeKey(key: unknown): string {
  if (key instanceof Uint8Array) return `${key.length} bytes`;
  if (typeof key === 'string') return `text of ${key.length} characters that is not base64 of 16 or 32 bytes`;
  return describe(key);
}
