/**
 * The lifetime of a JWT access token in milliseconds, from its `exp` and `iat` claims; `undefined`
 * when the token is not a JWT or has no `exp`. Used only when the server sends no `expires_in`.
 * Prefers `exp - iat` so that a skewed server clock does not shorten or stretch the lifetime;
 * otherwise `exp` minus `now`, when `now` is given. The signature is not checked: the client only
 * reads the lifetime, and the API that receives the token verifies it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1.6
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @example
 * ```ts
 * jwtLifetime(accessToken, Date.now()); // 3_600_000 for a JWT with exp = iat + 3600
 * jwtLifetime('2YotnFZFEjr1zCsicMWpAA'); // undefined: not a JWT
 * ```
 */
export function jwtLifetime(token: string, now?: number): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof claims !== 'object' || claims === null) return undefined;
    const { exp, iat } = claims as { exp?: unknown; iat?: unknown };
    if (typeof exp !== 'number') return undefined;
    if (typeof iat === 'number' && exp > iat) return (exp - iat) * 1000;
    return now === undefined ? undefined : Math.max(0, exp * 1000 - now);
  } catch {
    return undefined;
  }
}
