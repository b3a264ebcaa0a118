import { ConfigError } from './errors/ConfigError.js';
import { isGrant, notAGrant } from './grant.js';
import type { TokenSourceOptions } from './tokenSource.js';
import { describe, optionalFunction, requireNumber } from './validate.js';

// setTimeout's limit (~24.8 days): a longer delay fires at once in every runtime.
const MAX_TIMER_MS = 2_147_483_647;

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
 * // ConfigError: timeoutMs: expected a positive number of milliseconds up to 2147483647, got Infinity
 * ```
 */
export function validateSourceOptions(grant: unknown, options: unknown): asserts options is TokenSourceOptions {
  if (!isGrant(grant)) throw new ConfigError('grant', `createTokenSource expects a grant from clientCredentials(…); ${notAGrant(grant)}`);
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('options', `createTokenSource expects options with a transport, e.g. { transport: fetchTransport(fetch) }; got ${describe(options)}`);
  }
  const o = options as Partial<Record<keyof TokenSourceOptions, unknown>>;
  if (typeof o.transport !== 'function') {
    throw new ConfigError('transport', `expected a function (request, { signal }) => response, such as fetchTransport(fetch); got ${describe(o.transport)}`);
  }
  for (const name of ['clock', 'random', 'jti'] as const) optionalFunction(name, o[name]);
  const ms = (option: string, value: unknown, min: number, what: string) =>
    value === undefined || requireNumber(option, value, `${what} up to ${MAX_TIMER_MS}`, min, MAX_TIMER_MS);
  ms('timeoutMs', o.timeoutMs, Number.MIN_VALUE, 'a positive number of milliseconds');
  ms('deadlineMs', (o as { deadlineMs?: unknown }).deadlineMs, Number.MIN_VALUE, 'a positive number of milliseconds');
  const { timers, store, retry, policy, parse } = o as { [K in 'timers' | 'store' | 'retry' | 'policy' | 'parse']?: Record<string, unknown> };
  if (timers !== undefined) shape('timers', timers, ['setTimeout', 'clearTimeout'], '{ setTimeout, clearTimeout }');
  if (store !== undefined) {
    shape('store', store, ['get', 'set'], 'a TokenStore { get, set, lock? } such as memoryStore()');
    optionalFunction('store.lock', store.lock);
  }
  if (retry !== undefined) {
    shape('retry', retry, [], 'an object such as { retries: 2 }');
    if (retry.retries !== undefined) requireNumber('retry.retries', retry.retries, 'a whole number of retries, 0 or more', 0, Number.MAX_SAFE_INTEGER, true);
    ms('retry.baseDelayMs', retry.baseDelayMs, 0, 'milliseconds, 0 or more');
    ms('retry.maxDelayMs', retry.maxDelayMs, 0, 'milliseconds, 0 or more');
  }
  if (policy !== undefined) {
    shape('policy', policy, [], 'an object such as { refreshRatio: 0.8 }');
    // 0 would refresh on every call; above 1, after expiry.
    if (policy.refreshRatio !== undefined) requireNumber('policy.refreshRatio', policy.refreshRatio, 'a fraction of the lifetime above 0 and at most 1', Number.MIN_VALUE, 1);
    if (policy.jitterRatio !== undefined) requireNumber('policy.jitterRatio', policy.jitterRatio, 'a fraction of the lifetime from 0 to 1', 0, 1);
    ms('policy.minRemainingMs', policy.minRemainingMs, 0, 'milliseconds, 0 or more');
    ms('policy.expiryLeewayMs', policy.expiryLeewayMs, 0, 'milliseconds, 0 or more');
  }
  if (parse !== undefined) {
    shape('parse', parse, [], 'an object such as { defaultLifetimeMs: 3_600_000 }');
    if (parse.defaultLifetimeMs !== undefined) {
      requireNumber('parse.defaultLifetimeMs', parse.defaultLifetimeMs, 'a positive finite number of milliseconds', Number.MIN_VALUE, Number.MAX_VALUE);
    }
    const types = parse.tokenTypes;
    if (types !== undefined && !(Array.isArray(types) && types.every((t) => typeof t === 'string' && t !== ''))) {
      throw new ConfigError('parse.tokenTypes', `expected a list of token type names such as ['DPoP'], got ${describe(types)}`);
    }
  }
}

// A plain object (not a list) with these functions.
function shape(option: string, value: unknown, functions: readonly string[], expected: string): void {
  const fields = value as Record<string, unknown> | null;
  const missing = typeof fields !== 'object' || fields === null ? undefined : functions.find((name) => typeof fields[name] !== 'function');
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields) || missing !== undefined) {
    const why = missing === undefined ? describe(value) : `an object without a ${missing} function`;
    throw new ConfigError(option, `expected ${expected}, got ${why}`);
  }
}
