import { ErrorCode } from '../errors/codes.js';
import { isEndpointError } from '../errors/EndpointError.js';
import type { TokError } from '../errors/TokError.js';

/** How failed token requests are retried. */
export interface RetryOptions {
  /** Retries after the first attempt. Default `2`; `0` disables retrying. */
  retries?: number | undefined;
  /**
   * Backoff ceiling of the first retry; doubles with each retry. Also the token source's pause
   * after a failed token request ({@link failureHoldMs}); `0` turns both off. Default `200`.
   */
  baseDelayMs?: number | undefined;
  /** Longest backoff, and the longest `Retry-After` waited for inside one request. Default `5_000`. */
  maxDelayMs?: number | undefined;
}

/**
 * The {@link RetryOptions} a token source uses for every option you leave out: `retries: 2`,
 * `baseDelayMs: 200`, `maxDelayMs: 5_000`. A caller is waiting on the token request, so retries are
 * few and short: with full jitter the two backoffs are below 200 ms and 400 ms, enough to ride out a
 * dropped connection. A `Retry-After` is waited for up to 5 s; a longer one is reported at once
 * rather than holding every caller, and the source sends no token request before it has passed.
 * When a background refresh still fails, the valid token keeps being served and the source tries
 * again every 1 to 30 s.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 * @see {@link retryDelay}, which applies it
 * @example
 * ```ts
 * // An endpoint that often needs longer: retry four times, waiting up to 10 s.
 * const source = createTokenSource(grant, {
 *   transport: fetchTransport(fetch),
 *   retry: { ...DEFAULT_RETRY, retries: 4, maxDelayMs: 10_000 },
 * });
 * ```
 */
export const DEFAULT_RETRY = { retries: 2, baseDelayMs: 200, maxDelayMs: 5_000 } as const satisfies Required<RetryOptions>;

/**
 * `true` for failures that may pass on their own: no answer, a timeout, a 5xx or a 429.
 * OAuth 4xx errors (`invalid_client`, `invalid_scope`, …) and unusable 2xx answers are final:
 * retrying cannot fix a wrong secret.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see https://www.rfc-editor.org/rfc/rfc6585#section-4
 * @see {@link retryDelay}, which retries only what this accepts
 * @example
 * ```ts
 * isRetryable(new TransportError(ErrorCode.Timeout, 'token request timed out')); // true
 * isRetryable(new OAuthError({ error: 'temporarily_unavailable', status: 503, body: {} })); // true
 * isRetryable(new OAuthError({ error: 'invalid_client', status: 401, body: {} })); // false
 * ```
 */
export function isRetryable(error: unknown): boolean {
  const { code, status } = (error ?? {}) as Partial<TokError & { status: number }>;
  if (code === ErrorCode.Network || code === ErrorCode.Timeout) return true;
  return (code === ErrorCode.OAuth || code === ErrorCode.HttpStatus) && status !== undefined && (status >= 500 || status === 429);
}

/**
 * The delay before retry number `attempt + 1`, or `undefined` to give up: exponential backoff with
 * full jitter (`random` in [0, 1)), never shorter than the server's `Retry-After`, and giving up when
 * that is longer than `maxDelayMs`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 * @example
 * ```ts
 * retryDelay(timeoutError, 0, {}, Math.random()); // somewhere in [0, 200)
 * ```
 */
export function retryDelay(error: unknown, attempt: number, options: RetryOptions = {}, random = 0.5): number | undefined {
  if (attempt >= (options.retries ?? DEFAULT_RETRY.retries) || !isRetryable(error)) return undefined;
  const backoff = random * ceiling(attempt, options);
  const retryAfter = isEndpointError(error) ? error.retryAfterMs : undefined;
  if (retryAfter === undefined) return backoff;
  return retryAfter > (options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs) ? undefined : Math.max(backoff, retryAfter);
}

/**
 * How long a token source holds back new token requests after the `failedFlights`-th failed
 * token request in a row (retries included): the first retry's ceiling, doubling with each failure
 * up to `maxDelayMs`, and 0 before any failure. Calls in that pause get the same error at once, so
 * steady traffic on a failing endpoint costs one round of token requests per pause, not one per
 * call: providers meter token requests, and some lock out a client that keeps failing.
 *
 * @see {@link retryDelay}, whose ceilings it continues
 * @example
 * ```ts
 * failureHoldMs(1); // 200
 * failureHoldMs(3); // 800
 * failureHoldMs(9); // 5000 (maxDelayMs)
 * ```
 */
export function failureHoldMs(failedFlights: number, options: RetryOptions = {}): number {
  return failedFlights < 1 ? 0 : ceiling(failedFlights - 1, options);
}

/**
 * How long a token source sends no new token request after a failed one (ms; 0 for no pause): the
 * server's `Retry-After` (capped where it is read, {@link MAX_RETRY_AFTER_MS}), or while callers
 * have no valid token the {@link failureHoldMs} of this failure streak, whichever is longer. A
 * failed background refresh, with a valid token still served, keeps its own gentler schedule
 * ({@link backgroundRetryAt}) and only obeys `Retry-After`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 * @example
 * ```ts
 * holdAfterFailure(1, undefined, false); // 200
 * holdAfterFailure(1, 2_000, false); // 2000
 * holdAfterFailure(0, undefined, true); // 0: the valid token is still served
 * ```
 */
export function holdAfterFailure(failedFlights: number, retryAfterMs: number | undefined, background: boolean, options: RetryOptions = {}): number {
  return Math.max(retryAfterMs ?? 0, background ? 0 : failureHoldMs(failedFlights, options));
}

// baseDelayMs doubled `n` times, capped at maxDelayMs: the backoff ceiling both schedules share.
function ceiling(n: number, options: RetryOptions): number {
  return Math.min(options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs, (options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs) * 2 ** n);
}
