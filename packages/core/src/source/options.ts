import { ConfigError } from '../errors/ConfigError.js';
import type { Transport } from '../http/types.js';
import type { RetryOptions } from '../policy/retry.js';
import type { RefreshPolicy } from '../policy/schedule.js';
import type { ParseOptions } from '../response/response.js';
import type { TokenGrant } from './grant.js';
import type { TokenStore } from './store.js';
import type { Timers } from './timers.js';
import { describe, optionalFunction, rejectUnknownOptions, requireNumber } from '../request/validate.js';

/** Options of {@link createTokenSource}. */
export interface TokenSourceOptions {
  transport: Transport;
  /** Current time in epoch ms. Default `Date.now`. */
  clock?: (() => number) | undefined;
  timers?: Timers | undefined;
  policy?: RefreshPolicy | undefined;
  retry?: RetryOptions | undefined;
  /** Shared token storage; by default the source keeps its token in its own memory. */
  store?: TokenStore | undefined;
  /** Per token request. Default `10_000`. */
  timeoutMs?: number | undefined;
  /**
   * The longest a caller waits for one token: every attempt, backoff and `Retry-After` of a token
   * request together. Default `30_000`: three attempts of the default `timeoutMs`.
   */
  deadlineMs?: number | undefined;
  /** `defaultLifetimeMs` and `tokenTypes` for {@link parseTokenResponse}. */
  parse?: Omit<ParseOptions, 'requestedAt' | 'receivedAt'> | undefined;
  /** Randomness for backoff and refresh jitter, in [0, 1). Default `Math.random`. */
  random?: (() => number) | undefined;
  /**
   * A new unique id per signed client assertion (`jti`, RFC 7523 §3), for `privateKeyJwt(…)` and
   * `clientSecretJwt()` placements. Default: 128 random bits from `crypto.getRandomValues`, base64url.
   */
  jti?: (() => string) | undefined;
  /**
   * Keeps a serverless or edge invocation alive until a refresh ahead of expiry that a request
   * started has ended, so that sending the response does not cancel it: Cloudflare's `waitUntil`
   * (from `cloudflare:workers`, or `ctx.waitUntil.bind(ctx)`: unbound, it throws), Vercel's
   * `waitUntil` from `@vercel/functions`. It is given each background refresh's promise, which
   * never rejects.
   */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
}

const SOURCE_OPTIONS = ['transport', 'clock', 'timers', 'policy', 'retry', 'store', 'timeoutMs', 'deadlineMs', 'parse', 'random', 'jti', 'waitUntil'];

// setTimeout's limit (~24.8 days): a longer delay fires at once in every runtime.
const T = 2_147_483_647;
const P = Number.MIN_VALUE;
const M = Number.MAX_VALUE;

// Each number option: its lowest and highest value, and whether it is a whole number. A ratio of 0
// would refresh on every call, above 1 after expiry; NaN and Infinity fail every range.
const NUMBERS: readonly [string, string, number, number, boolean?][] = [
  ['', 'timeoutMs', P, T],
  ['', 'deadlineMs', P, T],
  ['retry', 'retries', 0, M, true],
  ['retry', 'baseDelayMs', 0, T],
  ['retry', 'maxDelayMs', 0, T],
  ['policy', 'refreshRatio', P, 1],
  ['policy', 'jitterRatio', 0, 1],
  ['policy', 'minRemainingMs', 0, T],
  ['policy', 'expiryLeewayMs', 0, T],
  ['parse', 'defaultLifetimeMs', P, M],
];

/**
 * Checks what {@link createTokenSource} is given before it makes anything, so that a mistake is a
 * {@link ConfigError} naming the option, what was given and what is expected, at construction, and
 * never a network error on the first call: the grant's kind (a grant from `clientCredentials(…)`,
 * not its options or a token source), the functions (`transport`, `clock`, `random`, `jti`), the
 * `timers` and `store` shapes, and every number (`timeoutMs`, `deadlineMs`, `retry`, `policy`,
 * `parse`). Configuration errors are final: `isRetryable` never retries `TOK_INVALID_OPTION`.
 *
 * @see {@link createTokenSource}, which calls it first
 * @example
 * ```ts
 * validateSourceOptions(grant, { transport: fetchTransport(fetch), timeoutMs: Infinity });
 * // ConfigError: timeoutMs: expected a finite number above 0 up to 2147483647, got Infinity
 * ```
 */
export function validateSourceOptions(grant: unknown, options: unknown): asserts options is TokenSourceOptions {
  if (!isTokenGrant(grant)) fail('grant', `createTokenSource expects a grant from clientCredentials(…); ${notAGrant(grant)}`);
  if (!isObject(options)) fail('options', `createTokenSource expects options with a transport, e.g. { transport: fetchTransport(fetch) }; got ${describe(options)}`);
  rejectUnknownOptions('createTokenSource', options, SOURCE_OPTIONS);
  const o = options as Record<string, Record<string, unknown> | undefined>;
  if (typeof o.transport !== 'function') fail('transport', `expected a function (request, { signal }) => response, such as fetchTransport(fetch); got ${describe(o.transport)}`);
  for (const name of ['clock', 'random', 'jti', 'waitUntil']) optionalFunction(name, o[name]);
  for (const name of ['timers', 'store', 'retry', 'policy', 'parse']) if (o[name] !== undefined && !isObject(o[name])) fail(name, `expected an object, got ${describe(o[name])}`);
  const { timers, store, parse } = o;
  if (timers) shape('timers', timers, '{ setTimeout, clearTimeout }', 'setTimeout', 'clearTimeout');
  if (store) {
    shape('store', store, 'a TokenStore { get, set, lock? } such as memoryStore()', 'get', 'set');
    optionalFunction('store.lock', store.lock);
    if (!grant.cacheKey) fail('store', 'this grant has no cacheKey(), so its tokens cannot be stored; remove store');
  }
  for (const [group, name, lowest, highest, whole] of NUMBERS) {
    const value = group ? o[group]?.[name] : o[name];
    const range = `${lowest ? 'above' : 'from'} 0${highest < M ? ` up to ${highest}` : ''}`;
    if (value !== undefined) requireNumber(group ? `${group}.${name}` : name, value, `${whole ? 'a whole number' : 'a finite number'} ${range}`, lowest, highest, whole);
  }
  const types = parse?.tokenTypes;
  if (types !== undefined && !(Array.isArray(types) && types.every((t) => typeof t === 'string' && t !== ''))) {
    fail('parse.tokenTypes', `expected a list of token type names such as ['DPoP'], got ${describe(types)}`);
  }
}

function fail(option: string, message: string): never {
  throw new ConfigError(option, message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// An object with these functions.
function shape(option: string, value: Record<string, unknown>, expected: string, ...functions: string[]): void {
  const missing = functions.find((name) => typeof value[name] !== 'function');
  if (missing !== undefined) fail(option, `expected ${expected}, got an object without a ${missing} function`);
}

/** `true` for a {@link TokenGrant}: an object with a `requestToken` function. */
export function isTokenGrant(value: unknown): value is TokenGrant {
  return typeof (value as Partial<TokenGrant> | null)?.requestToken === 'function';
}

/**
 * What was given where a grant was expected, and how to fix it, for a {@link ConfigError}: option
 * names only, never values.
 */
export function notAGrant(value: unknown): string {
  if (typeof value !== 'object' || value === null) return `got ${describe(value)}`;
  const has = (name: string) => typeof (value as Record<string, unknown>)[name] === 'function';
  if (has('then')) return 'got a promise; await it first';
  if (has('getToken')) return 'got a token source, which makes tokens itself: use it as it is';
  const keys = Object.keys(value);
  const known = keys.filter((key) => ['tokenUrl', 'issuer', 'clientId', 'clientSecret'].includes(key));
  if (known.length > 0) return `got a plain object with ${known.join(', ')}: wrap it, clientCredentials({ ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''} })`;
  return `got an object with ${keys.length === 0 ? 'no fields' : keys.slice(0, 6).join(', ')}`;
}
