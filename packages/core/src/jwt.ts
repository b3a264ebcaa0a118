/**
 * The lifetime of a JWT access token in milliseconds, from its `exp` and `iat` claims; `undefined`
 * when the token is not a JWT or has no `exp`. Used only when the server sends no `expires_in`.
 * Prefers `exp - iat` so that a skewed server clock does not shorten or stretch the lifetime.
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
