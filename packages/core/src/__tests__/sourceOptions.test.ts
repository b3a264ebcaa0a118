// createTokenSource checks what it is given before it makes anything: a wrong option is a
// ConfigError naming it, what was given and what is expected, at construction, never a failed
// token request. Proven against a real token server that must see no request at all.
import type { Transport } from '../http/types.js';
import { startTokenServer, type TokenServer } from '@tok/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/ConfigError.js';
import { clientCredentials, type Grant } from '../request/grant.js';
import { isRetryable } from '../policy/retry.js';
import { createTokenSource, type TokenSource } from '../source/tokenSource.js';
import { SECRET } from './helpers/fixtures.js';

const transport: Transport = async (request, { signal }) => {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body ?? null, signal });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
};

let server: TokenServer;
let grant: Grant;
let options: { tokenUrl: string; clientId: string; clientSecret: string };

beforeAll(async () => {
  server = await startTokenServer({ clients: [{ clientId: 'app', clientSecret: SECRET }] });
  options = { tokenUrl: server.url, clientId: 'app', clientSecret: SECRET };
  grant = clientCredentials(options);
});
afterAll(() => server.close());
beforeEach(() => server.reset());

/** The ConfigError that creating a source with these arguments throws; fails the test otherwise. */
function configError(grantArg: unknown, optionsArg: unknown): ConfigError {
  let source: TokenSource | undefined;
  try {
    source = createTokenSource(grantArg as Grant, optionsArg as never);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    // Configuration errors are final: nothing retries them.
    expect(isRetryable(configError)).toBe(false);
    expect(configError.message).not.toContain(SECRET);
    return configError;
  }
  source.dispose();
  throw new Error('expected a ConfigError, createTokenSource returned a source');
}

describe('createTokenSource refuses what is not a grant, naming what it got', () => {
  it('the options object of clientCredentials: wrap it', () => {
    const error = configError(options, { transport });
    expect(error.option).toBe('grant');
    expect(error.message).toBe(
      'grant: createTokenSource expects a grant from clientCredentials(…); got a plain object with tokenUrl, clientId, clientSecret: wrap it, clientCredentials({ tokenUrl, clientId, clientSecret })',
    );
  });

  it('a token source: use it as it is', () => {
    const source = createTokenSource(grant, { transport });
    expect(configError(source, { transport }).message).toMatch(/got a token source, which makes tokens itself: use it as it is$/);
    source.dispose();
  });

  it('a promise (an async recipe not awaited): await it', () => {
    expect(configError(Promise.resolve(grant), { transport }).message).toMatch(/got a promise; await it first$/);
  });

  it.each([
    [undefined, /got undefined$/],
    ['https://auth.example.com/token', /got a string$/],
    [{ scope: 'read' }, /got an object with scope$/],
  ])('%j', (value, message) => {
    expect(configError(value, { transport }).message).toMatch(message);
  });

  it('a grant spread into a new object is still a grant', () => {
    createTokenSource({ ...grant, scope: ['read'] }, { transport }).dispose();
  });
});

describe('createTokenSource checks its options', () => {
  it.each([
    ['no options', undefined, 'options', /expects options with a transport, e\.g\. \{ transport: fetchTransport\(fetch\) \}; got undefined/],
    ['no transport', { transport: undefined }, 'transport', /expected a function \(request, \{ signal \}\) => response, such as fetchTransport\(fetch\); got undefined/],
    ['a transport that is fetch itself wrapped in an object', { transport: { fetch } }, 'transport', /got object/],
    ['a clock that is a number', { clock: Date.now() }, 'clock', /expected a function, got number/],
    ['random as a number', { random: 0.5 }, 'random', /expected a function, got number/],
    ['jti as a string', { jti: 'abc' }, 'jti', /expected a function, got a string/],
    ['timers without clearTimeout', { timers: { setTimeout } }, 'timers', /\{ setTimeout, clearTimeout \}, got an object without a clearTimeout function/],
    ['a store without set', { store: { get: () => undefined } }, 'store', /expected a TokenStore \{ get, set, lock\? \} such as memoryStore\(\), got an object without a set function/],
    ['a store lock that is not a function', { store: { get: () => undefined, set: () => undefined, lock: true } }, 'store.lock', /expected a function, got boolean/],
    ['timeoutMs 0', { timeoutMs: 0 }, 'timeoutMs', /expected a finite number above 0 up to 2147483647, got 0/],
    ['timeoutMs NaN', { timeoutMs: Number.NaN }, 'timeoutMs', /got NaN/],
    ['timeoutMs Infinity', { timeoutMs: Number.POSITIVE_INFINITY }, 'timeoutMs', /got Infinity/],
    ['timeoutMs beyond what a timer can wait', { timeoutMs: 3_000_000_000 }, 'timeoutMs', /got 3000000000/],
    ['timeoutMs as a string', { timeoutMs: '5000' }, 'timeoutMs', /got "5000"/],
    ['deadlineMs -1', { deadlineMs: -1 }, 'deadlineMs', /got -1/],
    ['retries Infinity', { retry: { retries: Number.POSITIVE_INFINITY } }, 'retry.retries', /expected a whole number from 0, got Infinity/],
    ['retries -1', { retry: { retries: -1 } }, 'retry.retries', /got -1/],
    ['retries 1.5', { retry: { retries: 1.5 } }, 'retry.retries', /got 1.5/],
    ['baseDelayMs NaN', { retry: { baseDelayMs: Number.NaN } }, 'retry.baseDelayMs', /got NaN/],
    ['maxDelayMs Infinity', { retry: { maxDelayMs: Number.POSITIVE_INFINITY } }, 'retry.maxDelayMs', /got Infinity/],
    ['retry as a number', { retry: 3 }, 'retry', /expected an object, got number/],
    ['refreshRatio NaN', { policy: { refreshRatio: Number.NaN } }, 'policy.refreshRatio', /expected a finite number above 0 up to 1, got NaN/],
    ['refreshRatio 0', { policy: { refreshRatio: 0 } }, 'policy.refreshRatio', /got 0/],
    ['refreshRatio 1.2', { policy: { refreshRatio: 1.2 } }, 'policy.refreshRatio', /got 1.2/],
    ['jitterRatio -0.1', { policy: { jitterRatio: -0.1 } }, 'policy.jitterRatio', /got -0.1/],
    ['minRemainingMs NaN', { policy: { minRemainingMs: Number.NaN } }, 'policy.minRemainingMs', /got NaN/],
    ['expiryLeewayMs -5', { policy: { expiryLeewayMs: -5 } }, 'policy.expiryLeewayMs', /got -5/],
    ['defaultLifetimeMs 0', { parse: { defaultLifetimeMs: 0 } }, 'parse.defaultLifetimeMs', /got 0/],
    ['defaultLifetimeMs Infinity', { parse: { defaultLifetimeMs: Number.POSITIVE_INFINITY } }, 'parse.defaultLifetimeMs', /got Infinity/],
    ['tokenTypes as a string', { parse: { tokenTypes: 'DPoP' } }, 'parse.tokenTypes', /expected a list of token type names such as \['DPoP'\], got a string/],
  ] as [string, Record<string, unknown> | undefined, string, RegExp][])('%s', (_, given, option, message) => {
    const error = configError(grant, given === undefined ? undefined : { transport, ...given });
    expect(error.option).toBe(option);
    expect(error.message).toMatch(message);
  });

  it('takes the edges of each range', () => {
    const source = createTokenSource(grant, {
      transport,
      timeoutMs: 1,
      retry: { retries: 0, baseDelayMs: 0, maxDelayMs: 0 },
      policy: { refreshRatio: 1, jitterRatio: 0, minRemainingMs: 0, expiryLeewayMs: 0 },
      parse: { defaultLifetimeMs: 1, tokenTypes: [] },
    });
    source.dispose();
  });
});

describe('against a real token server', () => {
  it('a configuration error happens at construction: the server sees no request', async () => {
    const attempts = [
      () => createTokenSource(options as unknown as Grant, { transport }),
      () => createTokenSource(grant, { transport, timeoutMs: Number.POSITIVE_INFINITY }),
      () => createTokenSource(grant, { transport, retry: { retries: Number.POSITIVE_INFINITY } }),
      () => createTokenSource(grant, { transport, policy: { refreshRatio: Number.NaN } }),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(ConfigError);
    // Give any stray request time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.count).toBe(0);
  });

  it('the same server answers a valid configuration (so the count above could have moved)', async () => {
    const source = createTokenSource(grant, { transport, timeoutMs: 5_000, retry: { retries: 0 } });
    await source.getToken();
    expect(server.count).toBe(1);
    source.dispose();
  });
});
