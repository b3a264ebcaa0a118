/**
 * The longest `Retry-After` tok obeys: 5 minutes. A server may ask for longer (by mistake, or an
 * attacker on the path may send `Retry-After: 1000000000`); obeyed as sent, one answer would stop
 * every token request for decades. Past this a token source tries again, and `invalidate()` ends
 * the pause at once.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 * @example
 * ```ts
 * retryAfterMs('86400', Date.now()) === MAX_RETRY_AFTER_MS; // true
 * ```
 */
export const MAX_RETRY_AFTER_MS = 300_000;

/**
 * Reads a `Retry-After` header value (delay-seconds or an HTTP-date) as milliseconds from `now`,
 * capped at {@link MAX_RETRY_AFTER_MS}. `undefined` when absent or unreadable; never negative.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 * @example
 * ```ts
 * retryAfterMs('2', now); // 2000
 * retryAfterMs('Wed, 21 Oct 2026 07:28:00 GMT', now);
 * ```
 */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(MAX_RETRY_AFTER_MS, Number(trimmed) * 1000);
  // Every HTTP-date form starts with a day name; Date.parse alone would read "1.5" or "-1" as dates.
  if (!/^[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - now));
}
