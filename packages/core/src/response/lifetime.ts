// What every reader of a token answer applies, however small: the lifetime range and the rule
// that a token is printable ASCII.

/**
 * The lifetime, one hour (`3_600_000` ms), that {@link parseTokenResponse} assumes for a token when
 * the server sends no `expires_in` (RFC 6749 §5.1 only recommends it) and the token is no JWT with
 * an `exp` claim. Long enough not to spend the provider's token quota on needless requests; a token
 * that dies sooner gets a 401, which the adapters answer with a new token, so a guess that is too
 * long costs one retried request, not an outage. Set the provider's documented lifetime with
 * `defaultLifetimeMs` (the grant's, or the token source's `parse` option).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see {@link jwtLifetime}, tried before this default
 * @example
 * ```ts
 * const token = parseTokenResponse({ status: 200, headers: {}, body: '{"access_token":"abc"}' }, { requestedAt });
 * token.expiresAt === requestedAt + DEFAULT_LIFETIME_MS; // true
 * ```
 */
export const DEFAULT_LIFETIME_MS = 3_600_000;

/**
 * The shortest lifetime, one second (`1_000` ms), that {@link parseTokenResponse} gives a token,
 * whatever `expires_in`, the JWT `exp` or `refresh_in` say. `expires_in: 0` would otherwise make
 * every call fetch a new token, one token request per API call; with one second, a source sends at
 * most about two token requests a second (a refresh starts at half the lifetime), whatever the
 * traffic. Not more: short-lived tokens (2 to 10 s, common in test environments) must keep being
 * refreshed on time rather than used after they expired. A token that dies sooner than this gets a
 * 401, which the adapters answer with one new token.
 *
 * @see {@link MAX_LIFETIME_MS}, the other end of the range
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @example
 * ```ts
 * parseTokenResponse({ status: 200, headers: {}, body: '{"access_token":"abc","expires_in":0}' }, { requestedAt }).expiresAt;
 * // requestedAt + MIN_LIFETIME_MS
 * ```
 */
export const MIN_LIFETIME_MS = 1_000;

/**
 * The longest lifetime, one year (`31_536_000_000` ms), that {@link parseTokenResponse} gives a
 * token: a huge `expires_in` (`1e308`) would otherwise give an `expiresAt` of `Infinity`, a `NaN`
 * refresh point and a refresh storm. A token kept for a year without a 401 is one no server
 * revokes; a 401 replaces it earlier anyway.
 *
 * @see {@link MIN_LIFETIME_MS}, the other end of the range
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @example
 * ```ts
 * parseTokenResponse({ status: 200, headers: {}, body: '{"access_token":"abc","expires_in":1e308}' }, { requestedAt }).expiresAt;
 * // requestedAt + MAX_LIFETIME_MS
 * ```
 */
export const MAX_LIFETIME_MS = 31_536_000_000;

// Between MIN_LIFETIME_MS and MAX_LIFETIME_MS; a NaN (from a misconfigured default) is the default.
export function clampLifetime(ms: number): number {
  return Number.isNaN(ms) ? DEFAULT_LIFETIME_MS : Math.min(MAX_LIFETIME_MS, Math.max(MIN_LIFETIME_MS, ms));
}

// Where `value` leaves VSCHAR (%x20-7E), and what it finds there, without quoting it; `undefined`
// when it is all printable ASCII.
export function notVschar(value: string): string | undefined {
  const at = value.search(/[^\x20-\x7e]/);
  if (at < 0) return undefined;
  const code = value.charCodeAt(at);
  const kind = code === 13 || code === 10 ? 'a CR/LF' : code === 0 ? 'a NUL' : code < 0x20 || code === 0x7f ? 'a control character' : 'a non-ASCII character';
  return `${kind} at position ${at}`;
}

