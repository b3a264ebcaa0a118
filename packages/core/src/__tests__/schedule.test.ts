import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { staticToken } from '../source/bearer.js';
import { BACKGROUND_RETRY_MAX_MS, BACKGROUND_RETRY_MIN_MS, backgroundRetryAt, DEFAULT_POLICY, expiredAt, freshness, refreshAt } from '../policy/schedule.js';
import type { Token } from '../response/token.js';

const T = Date.UTC(2026, 0, 1);
const SECOND = 1_000;
const HOUR = 3_600_000;

function token(lifetimeMs: number, refreshIn?: number): Token {
  return { accessToken: 'a', tokenType: 'Bearer', issuedAt: T, expiresAt: T + lifetimeMs, refreshIn, scope: undefined, raw: {} };
}

describe('defaults', () => {
  it('are the documented ones', () => {
    expect(DEFAULT_POLICY).toStrictEqual({ refreshRatio: 0.8, minRemainingMs: 30_000, jitterRatio: 0.05, expiryLeewayMs: 1_000 });
  });
});

describe('refreshAt, expiredAt and freshness by token lifetime', () => {
  // [lifetime, refresh starts, must no longer be sent]
  it.each([
    ['5 s', 5 * SECOND, 2_500, 4_500], // half the lifetime is kept; leeway capped at a tenth
    ['59 s', 59 * SECOND, 29_500, 58_000], // a 60 s skew would leave nothing; this keeps 29.5 s of use
    ['1 h', HOUR, 2_880_000, HOUR - 1_000], // 80 %
    ['24 h', 24 * HOUR, 69_120_000, 24 * HOUR - 1_000], // 80 %
  ])('a %s token', (_, lifetime, refresh, expired) => {
    const t = token(lifetime);
    expect(refreshAt(t)).toBe(T + refresh);
    expect(expiredAt(t)).toBe(T + expired);
    expect(freshness(t, T)).toBe('fresh');
    expect(freshness(t, T + refresh - 1)).toBe('fresh');
    expect(freshness(t, T + refresh)).toBe('refresh');
    expect(freshness(t, T + expired - 1)).toBe('refresh');
    expect(freshness(t, T + expired)).toBe('expired');
    expect(freshness(t, T + lifetime + HOUR)).toBe('expired');
  });

  it('a token with no lifetime is expired at once', () => {
    expect(freshness(token(0), T)).toBe('expired');
  });

  it('for any lifetime and jitter, a token is used for a while and refreshed before it must be dropped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 * 24 * HOUR }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (lifetime, random) => {
        const t = token(lifetime);
        const refresh = refreshAt(t, {}, random);
        const expired = expiredAt(t);
        if (refresh === undefined || expired === undefined) throw new Error('a token with expiresAt has both points');
        expect(refresh).toBeGreaterThan(T);
        expect(refresh).toBeLessThan(expired);
        expect(expired).toBeLessThanOrEqual(T + lifetime);
      }),
    );
  });
});

describe('refresh_in hint', () => {
  it('is honoured when it comes before the computed point', () => {
    const t = token(HOUR, 10 * 60_000);
    expect(refreshAt(t)).toBe(T + 600_000);
    expect(freshness(t, T + 599_999)).toBe('fresh');
    expect(freshness(t, T + 600_000)).toBe('refresh');
  });

  it('is ignored when it comes after it', () => {
    expect(refreshAt(token(HOUR, 55 * 60_000))).toBe(T + 2_880_000);
  });
});

describe('jitter', () => {
  it('takes up to jitterRatio of the lifetime off the refresh point, from the random parameter', () => {
    expect(refreshAt(token(HOUR), {}, 0)).toBe(T + 2_880_000);
    expect(refreshAt(token(HOUR), {}, 0.5)).toBe(T + 2_880_000 - 90_000);
    expect(refreshAt(token(HOUR), { jitterRatio: 0.1 }, 0.5)).toBe(T + 2_880_000 - 180_000);
    expect(refreshAt(token(HOUR), { jitterRatio: 0 }, 0.9)).toBe(T + 2_880_000);
  });

  it('applies on top of a refresh_in hint', () => {
    expect(refreshAt(token(HOUR, 600_000), {}, 0.5)).toBe(T + 600_000 - 90_000);
  });

  it('moves the point freshness uses', () => {
    const now = T + 2_800_000;
    expect(freshness(token(HOUR), now, {}, 0)).toBe('fresh');
    expect(freshness(token(HOUR), now, {}, 0.5)).toBe('refresh');
  });
});

describe('policy', () => {
  it('refreshRatio and minRemainingMs', () => {
    expect(refreshAt(token(HOUR), { refreshRatio: 0.5, minRemainingMs: 0 })).toBe(T + HOUR / 2);
    // 10 h of margin is more than 20 % of 24 h, and less than half of it.
    expect(refreshAt(token(24 * HOUR), { minRemainingMs: 10 * HOUR })).toBe(T + 14 * HOUR);
    // A margin longer than half the lifetime is capped at half.
    expect(refreshAt(token(HOUR), { minRemainingMs: 2 * HOUR })).toBe(T + HOUR / 2);
  });

  it('expiryLeewayMs, capped at a tenth of the lifetime', () => {
    expect(expiredAt(token(HOUR), { expiryLeewayMs: 5_000 })).toBe(T + HOUR - 5_000);
    expect(expiredAt(token(10 * SECOND), { expiryLeewayMs: 5_000 })).toBe(T + 9_000);
    expect(freshness(token(HOUR), T + HOUR - 5_000, { expiryLeewayMs: 5_000 })).toBe('expired');
  });
});

describe('a static token', () => {
  it('never needs a refresh and never expires', () => {
    const t = staticToken('abc');
    expect(refreshAt(t)).toBeUndefined();
    expect(refreshAt(t, {}, 0.99)).toBeUndefined();
    expect(expiredAt(t)).toBeUndefined();
    expect(freshness(t, 0)).toBe('fresh');
    expect(freshness(t, Number.MAX_SAFE_INTEGER)).toBe('fresh');
  });
});

describe('backgroundRetryAt', () => {
  it('waits a quarter of what is left of the token, between 1 s and 30 s', () => {
    expect(BACKGROUND_RETRY_MIN_MS).toBe(1_000);
    expect(BACKGROUND_RETRY_MAX_MS).toBe(30_000);
    expect(backgroundRetryAt(T, T + 60_000)).toBe(T + 15_000);
    expect(backgroundRetryAt(T, T + HOUR)).toBe(T + 30_000);
    expect(backgroundRetryAt(T, T + 2_000)).toBe(T + 1_000);
  });

  it('never before Retry-After', () => {
    expect(backgroundRetryAt(T, T + HOUR, 120_000)).toBe(T + 120_000);
    expect(backgroundRetryAt(T, T + HOUR, 10)).toBe(T + 30_000);
  });

  it('is undefined when the token expires first: callers then wait in the foreground', () => {
    expect(backgroundRetryAt(T, T + 900)).toBeUndefined();
    expect(backgroundRetryAt(T, T + 60_000, 60_000)).toBeUndefined();
    expect(backgroundRetryAt(T, T + 60_000, 59_999)).toBe(T + 59_999);
  });
});
