import { ErrorCode } from './errors/codes.js';
import type { TokError } from './errors/TokError.js';

/** How failed token requests are retried. */
export interface RetryOptions {
  /** Retries after the first attempt. Default `2`; `0` disables retrying. */
  retries?: number | undefined;
  /** Backoff ceiling of the first retry; doubles with each retry. Default `200`. */
  baseDelayMs?: number | undefined;
  /** Longest backoff, and the longest `Retry-After` waited for inside one request. Default `5_000`. */
  maxDelayMs?: number | undefined;
}

export const DEFAULT_RETRY = { retries: 2, baseDelayMs: 200, maxDelayMs: 5_000 } as const satisfies Required<RetryOptions>;

/**
 * `true` for failures that may pass on their own: no answer, a timeout, a 5xx or a 429.
 * OAuth 4xx errors (`invalid_client`, `invalid_scope`, …) and unusable 2xx answers are final.
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
  const retries = options.retries ?? DEFAULT_RETRY.retries;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  if (attempt >= retries || !isRetryable(error)) return undefined;
  const backoff = random * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  const retryAfter = (error as { retryAfterMs?: number }).retryAfterMs;
  if (retryAfter === undefined) return backoff;
  return retryAfter > maxDelayMs ? undefined : Math.max(backoff, retryAfter);
}

