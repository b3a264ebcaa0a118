import type { Token } from './token.js';

/**
 * When to replace a token. Fixed skews fail one way or the other (10 s is too little for a slow
 * endpoint, 60 s leaves nothing of a 59 s token), so tok refreshes at a fraction of the lifetime
 * and keeps a minimum margin that scales down for short tokens.
 */
export interface RefreshPolicy {
  /** Fraction of the lifetime after which a refresh starts. Default `0.8`. */
  refreshRatio?: number | undefined;
  /**
   * Refresh at least this long before expiry, capped at half the lifetime so that a 5 s token is
   * still used. Default `30_000`.
   */
  minRemainingMs?: number | undefined;
  /**
   * Up to this fraction of the lifetime is taken off the refresh point at random, so that many
   * processes sharing a client do not refresh in the same instant. Default `0.05`.
   */
  jitterRatio?: number | undefined;
  /**
   * Treat a token as expired this long before `expiresAt`, capped at a tenth of the lifetime, so
   * that a request sent just before expiry does not arrive just after it. Default `1_000`.
   */
  expiryLeewayMs?: number | undefined;
}

export const DEFAULT_POLICY = {
  refreshRatio: 0.8,
  minRemainingMs: 30_000,
  jitterRatio: 0.05,
  expiryLeewayMs: 1_000,
} as const satisfies Required<RefreshPolicy>;

/** How usable a token is at a moment. */
export type Freshness = 'fresh' | 'refresh' | 'expired';

/**
 * When a refresh should start (epoch ms), or `undefined` for a token that never expires.
 * `random` in [0, 1) spreads refresh points (jitter); the default 0 gives the latest point.
 * A server's `refresh_in` hint is honoured when it comes before the computed point.
 *
 * @example
 * ```ts
 * // A 1 h token issued at t: refresh 48 min after t (80 %), minus up to 3 min of jitter.
 * refreshAt(token, {}, Math.random());
 * ```
 */
export function refreshAt(token: Token, policy: RefreshPolicy = {}, random = 0): number | undefined {
  const { expiresAt, issuedAt } = token;
  if (expiresAt === undefined) return undefined;
  const lifetime = Math.max(0, expiresAt - issuedAt);
  const ratio = policy.refreshRatio ?? DEFAULT_POLICY.refreshRatio;
  const margin = Math.max(lifetime * (1 - ratio), Math.min(policy.minRemainingMs ?? DEFAULT_POLICY.minRemainingMs, lifetime / 2));
  let at = expiresAt - margin;
  if (token.refreshIn !== undefined) at = Math.min(at, issuedAt + token.refreshIn);
  return at - random * lifetime * (policy.jitterRatio ?? DEFAULT_POLICY.jitterRatio);
}

/**
 * When a token must no longer be sent (epoch ms): `expiresAt` minus the leeway.
 */
export function expiredAt(token: Token, policy: RefreshPolicy = {}): number | undefined {
  const { expiresAt, issuedAt } = token;
  if (expiresAt === undefined) return undefined;
  return expiresAt - Math.min(policy.expiryLeewayMs ?? DEFAULT_POLICY.expiryLeewayMs, (expiresAt - issuedAt) / 10);
}

/**
 * `'fresh'`: use it. `'refresh'`: still valid, start replacing it. `'expired'`: do not send it.
 *
 * @example
 * ```ts
 * if (freshness(token, Date.now()) === 'expired') token = await fetchNew();
 * ```
 */
export function freshness(token: Token, now: number, policy: RefreshPolicy = {}, random = 0): Freshness {
  const expired = expiredAt(token, policy);
  if (expired === undefined) return 'fresh';
  if (now >= expired) return 'expired';
  const refresh = refreshAt(token, policy, random) ?? Number.POSITIVE_INFINITY;
  return now >= refresh ? 'refresh' : 'fresh';
}
