import type { Token } from '../response/token.js';

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

/**
 * The {@link RefreshPolicy} a token source uses for every option you leave out. A token is replaced
 * at a fraction of its lifetime rather than a fixed time before expiry, because fixed skews fail one
 * way or the other (10 s is too little for a slow endpoint, 60 s leaves nothing of a 59 s token):
 *
 * - `refreshRatio: 0.8`: start replacing a token after 80 % of its lifetime (48 min of a 1 h token),
 *   leaving a fifth of it for a slow or failing token endpoint while callers keep the valid token.
 * - `minRemainingMs: 30_000`: but at least 30 s before expiry, so that short tokens keep a usable
 *   margin (a 2 min token refreshes at 90 s, not 96 s); capped at half the lifetime, so that a 60 s
 *   token refreshes at 30 s and a 5 s token is still used.
 * - `jitterRatio: 0.05`: up to 5 % of the lifetime earlier, at random (up to 3 min of a 1 h token),
 *   so that many processes sharing one client do not all refresh in the same second.
 * - `expiryLeewayMs: 1_000`: stop sending a token 1 s before it expires (at most a tenth of its
 *   lifetime), so that a request sent just before expiry does not arrive just after it.
 *
 * @see {@link refreshAt} and {@link expiredAt}, which apply it
 * @example
 * ```ts
 * // Keep the defaults but refresh at half the lifetime.
 * const source = createTokenSource(grant, {
 *   transport: fetchTransport(fetch),
 *   policy: { ...DEFAULT_POLICY, refreshRatio: 0.5 },
 * });
 * ```
 */
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
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see {@link DEFAULT_POLICY} for the defaults and why
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
 * When a token must no longer be sent (epoch ms): `expiresAt` minus the leeway (`expiryLeewayMs`,
 * at most a tenth of the lifetime), so that a request sent just before expiry does not arrive just
 * after it. `undefined` for a token that never expires.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see {@link freshness}, which compares it with the clock
 * @example
 * ```ts
 * // A token issued at 0 with expires_in 3600:
 * expiredAt(token); // 3_599_000: 1 s before its expiresAt of 3_600_000
 * expiredAt(staticToken('abc')); // undefined
 * ```
 */
export function expiredAt(token: Token, policy: RefreshPolicy = {}): number | undefined {
  const { expiresAt, issuedAt } = token;
  if (expiresAt === undefined) return undefined;
  return expiresAt - Math.min(policy.expiryLeewayMs ?? DEFAULT_POLICY.expiryLeewayMs, (expiresAt - issuedAt) / 10);
}

/**
 * `'fresh'`: use it. `'refresh'`: still valid, start replacing it. `'expired'`: do not send it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see {@link refreshAt} and {@link expiredAt}, the two points it compares `now` with
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

/** The shortest wait before a failed background refresh is tried again: 1 s. */
export const BACKGROUND_RETRY_MIN_MS = 1_000;
/** The longest wait before a failed background refresh is tried again: 30 s. */
export const BACKGROUND_RETRY_MAX_MS = 30_000;

/**
 * When a background refresh that failed is tried again (epoch ms), or `undefined` when the token
 * expires first (callers then wait for a token request in the foreground). The valid token keeps
 * being served meanwhile; the wait is a quarter of what is left of it, between 1 s and 30 s, so that
 * retries come sooner as expiry nears, and never before the server's `Retry-After`.
 *
 * @see {@link refreshAt}, the first point, which this one replaces after a failure
 * @example
 * ```ts
 * backgroundRetryAt(0, 60_000); // 15_000: a quarter of the minute left
 * backgroundRetryAt(0, 3_600_000); // 30_000
 * backgroundRetryAt(0, 3_600_000, 120_000); // 120_000: Retry-After
 * backgroundRetryAt(0, 2_000, 5_000); // undefined: expired by then
 * ```
 */
export function backgroundRetryAt(now: number, expiresAt: number, retryAfterMs = 0): number | undefined {
  const wait = Math.min(BACKGROUND_RETRY_MAX_MS, Math.max(BACKGROUND_RETRY_MIN_MS, (expiresAt - now) / 4));
  const at = now + Math.max(wait, retryAfterMs);
  return at < expiresAt ? at : undefined;
}
