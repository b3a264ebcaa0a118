import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/codes.js';
import { ConfigError } from '../errors/ConfigError.js';
import { OAuthError } from '../errors/OAuthError.js';
import { ResponseError } from '../errors/ResponseError.js';
import { TransportError } from '../errors/TransportError.js';
import { DEFAULT_RETRY, failureHoldMs, holdAfterFailure, isRetryable, retryDelay } from '../policy/retry.js';

const oauth = (status: number, retryAfterMs?: number) => new OAuthError({ error: 'server_error', status, retryAfterMs, body: {} });
const http = (status: number, retryAfterMs?: number) => new ResponseError(ErrorCode.HttpStatus, `answered ${status}`, { status, retryAfterMs, body: '' });
const network = () => new TransportError(ErrorCode.Network, 'failed');

describe('isRetryable', () => {
  it.each([
    ['a network error', network()],
    ['a timeout', new TransportError(ErrorCode.Timeout, 'timed out')],
    ['a 500', http(500)],
    ['a 502', http(502)],
    ['a 503', http(503)],
    ['a 504', http(504)],
    ['a 429', http(429)],
    ['an OAuth error with a 500', oauth(500)],
    ['an OAuth error with a 429', oauth(429)],
  ])('is true for %s', (_, error) => {
    expect(isRetryable(error)).toBe(true);
  });

  it.each([
    ['invalid_client', new OAuthError({ error: 'invalid_client', status: 401, body: {} })],
    ['invalid_scope', new OAuthError({ error: 'invalid_scope', status: 400, body: {} })],
    ['an OAuth error in a 200', new OAuthError({ error: 'invalid_request', status: 200, body: {} })],
    ['a 400', http(400)],
    ['a 401', http(401)],
    ['a 404', http(404)],
    ['an unusable 200', new ResponseError(ErrorCode.InvalidResponse, 'not a token', { status: 200, body: '' })],
    ["a caller's abort", new TransportError(ErrorCode.Aborted, 'aborted')],
    ['a disposed source', new TransportError(ErrorCode.Disposed, 'disposed')],
    ['a configuration error', new ConfigError('tokenUrl', 'bad')],
    ['a plain Error', new Error('boom')],
    ['a string', 'boom'],
    ['undefined', undefined],
    ['null', null],
  ])('is false for %s', (_, error) => {
    expect(isRetryable(error)).toBe(false);
  });
});

describe('retryDelay', () => {
  it('defaults to 2 retries with a 200 ms base', () => {
    expect(DEFAULT_RETRY).toEqual({ retries: 2, baseDelayMs: 200, maxDelayMs: 5_000 });
    expect(retryDelay(network(), 0, {}, 0.5)).toBe(100);
    expect(retryDelay(network(), 1, {}, 0.5)).toBe(200);
    expect(retryDelay(network(), 2, {}, 0.5)).toBeUndefined();
  });

  it('doubles the ceiling each retry, up to maxDelayMs', () => {
    const options = { retries: 10, baseDelayMs: 100, maxDelayMs: 1_000 };
    const ceilings = Array.from({ length: 8 }, (_, attempt) => retryDelay(network(), attempt, options, 1));
    expect(ceilings).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000, 1_000]);
  });

  it('draws the whole delay at random below the ceiling (full jitter)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        (attempt, random, baseDelayMs, maxDelayMs) => {
          const delay = retryDelay(network(), attempt, { retries: 21, baseDelayMs, maxDelayMs }, random);
          const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(maxDelayMs);
          expect(delay).toBeCloseTo(random * ceiling, 6);
        },
      ),
      { numRuns: 500 },
    );
    expect(retryDelay(network(), 0, {}, 0)).toBe(0);
  });

  it('gives up after `retries`, and at once with `retries: 0`', () => {
    expect(retryDelay(network(), 0, { retries: 0 }, 0.5)).toBeUndefined();
    expect(retryDelay(network(), 4, { retries: 5 }, 0.5)).toBeTypeOf('number');
    expect(retryDelay(network(), 5, { retries: 5 }, 0.5)).toBeUndefined();
  });

  it('never retries what is not retryable', () => {
    expect(retryDelay(new OAuthError({ error: 'invalid_client', status: 401, body: {} }), 0, { retries: 5 }, 0.5)).toBeUndefined();
    expect(retryDelay(new TransportError(ErrorCode.Aborted, 'aborted'), 0, { retries: 5 }, 0.5)).toBeUndefined();
  });

  it('waits at least Retry-After, however small the backoff', () => {
    expect(retryDelay(http(429, 3_000), 0, {}, 0)).toBe(3_000);
    expect(retryDelay(oauth(503, 1_000), 0, {}, 0.999)).toBe(1_000);
    expect(retryDelay(http(503, 0), 0, { baseDelayMs: 1_000 }, 0.5)).toBe(500);
    expect(retryDelay(http(429, 100), 1, { baseDelayMs: 1_000 }, 0.5)).toBe(1_000);
  });

  it('gives up when Retry-After is longer than maxDelayMs', () => {
    expect(retryDelay(http(429, 5_000), 0, {}, 0)).toBe(5_000);
    expect(retryDelay(http(429, 5_001), 0, {}, 0)).toBeUndefined();
    expect(retryDelay(http(429, 60_000), 0, { maxDelayMs: 60_000 }, 0)).toBe(60_000);
  });
});

describe('failureHoldMs', () => {
  it('is nothing before a failure, then the first retry ceiling, doubling per failed flight up to maxDelayMs', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 30].map((n) => failureHoldMs(n))).toStrictEqual([0, 200, 400, 800, 1_600, 3_200, 5_000, 5_000, 5_000]);
    expect([1, 2, 3].map((n) => failureHoldMs(n, { baseDelayMs: 50, maxDelayMs: 120 }))).toStrictEqual([50, 100, 120]);
  });

  it('is nothing with baseDelayMs 0', () => {
    expect(failureHoldMs(3, { baseDelayMs: 0 })).toBe(0);
  });
});

describe('holdAfterFailure', () => {
  it('holds callers without a token for the failure hold of the streak, or the Retry-After when longer', () => {
    expect([1, 2, 3].map((n) => holdAfterFailure(n, undefined, false))).toStrictEqual([200, 400, 800]);
    expect(holdAfterFailure(1, 2_000, false)).toBe(2_000);
    expect(holdAfterFailure(3, 100, false)).toBe(800);
    expect(holdAfterFailure(1, undefined, false, { baseDelayMs: 0 })).toBe(0);
  });

  it('a failed background refresh (a valid token still served) only obeys Retry-After', () => {
    expect(holdAfterFailure(5, undefined, true)).toBe(0);
    expect(holdAfterFailure(5, 7_000, true)).toBe(7_000);
  });
});
