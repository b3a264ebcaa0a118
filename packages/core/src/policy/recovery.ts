/**
 * When a 401 from the API should invalidate the token and retry: `'any'` 401 (default; many APIs
 * send no challenge), only one whose `WWW-Authenticate` says `Bearer error="invalid_token"`, or never.
 */
export type RetryOn401 = 'any' | 'invalid_token' | 'never';

const INVALID_TOKEN = /\bbearer\b[^]*?\berror\s*=\s*"?invalid_token\b/i;

/**
 * `true` when a response means the token was refused and one retry with a new token may succeed.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 * @example
 * ```ts
 * shouldRenewToken(401, 'Bearer error="invalid_token"', 'invalid_token'); // true
 * ```
 */
export function shouldRenewToken(status: number, wwwAuthenticate: string | null | undefined, mode: RetryOn401 = 'any'): boolean {
  if (status !== 401 || mode === 'never') return false;
  return mode === 'any' || INVALID_TOKEN.test(wwwAuthenticate ?? '');
}

/**
 * How long a token source ignores the API's next refusal after one that made it fetch a new token:
 * 1 s after the first, doubling while refusals keep coming (each within twice the pace before it),
 * up to 60 s. An API that refuses every token (a wrong audience, a revoked client) otherwise costs
 * one token request per call; paced, it costs at most 7 in its first minute and 1 a minute after
 * that, while a single revoked token is still replaced at once.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 * @example
 * ```ts
 * rejectionPaceMs(1); // 1000
 * rejectionPaceMs(3); // 4000
 * rejectionPaceMs(10); // 60000
 * ```
 */
export function rejectionPaceMs(streak: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.max(0, streak - 1));
}

/** The pace of the API's refusals of a token source's tokens: see {@link nextRefusal}. */
export interface RefusalPace {
  /** Refusals in a row, each within twice the pace of the one before. */
  readonly streak: number;
  /** When the latest refusal that fetched a new token came (epoch ms). */
  readonly at: number;
  /** How long after `at` the next refusal is ignored ({@link rejectionPaceMs}). */
  readonly pace: number;
}

/** No refusal yet: the next one fetches a new token at once. */
export const NO_REFUSAL: RefusalPace = { streak: 0, at: Number.NEGATIVE_INFINITY, pace: 0 };

/**
 * Decides whether the API's refusal of the current token (a 401 reported through
 * `invalidate(token)`) at `now` fetches a new token: the new pace if it does, `undefined` while the
 * previous refusal's pace ({@link rejectionPaceMs}) is running. A refusal within twice the pace
 * continues the streak (the pace doubles); a later one starts over at 1 s.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 * @example
 * ```ts
 * const first = nextRefusal(NO_REFUSAL, 0); // { streak: 1, at: 0, pace: 1000 }
 * nextRefusal(first, 500); // undefined: ignored
 * nextRefusal(first, 1_500); // { streak: 2, at: 1500, pace: 2000 }
 * ```
 */
export function nextRefusal(previous: RefusalPace, now: number): RefusalPace | undefined {
  if (now < previous.at + previous.pace) return undefined;
  const streak = now < previous.at + 2 * previous.pace ? previous.streak + 1 : 1;
  return { streak, at: now, pace: rejectionPaceMs(streak) };
}
