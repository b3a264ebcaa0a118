import { ConfigError } from '../errors/ConfigError.js';

/** The claims of a client assertion (RFC 7523 §3). Times are epoch seconds. */
export interface AssertionClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string;
  readonly jti: string;
  readonly iat: number;
  readonly exp: number;
}

/** Default assertion lifetime, in seconds: long enough for clock skew, short enough not to be replayable for long. */
export const ASSERTION_LIFETIME_S = 60;

/**
 * The claims of a JWT client assertion: `iss` and `sub` are the client id, `aud` the token
 * endpoint, `jti` unique per request, `iat` now and `exp` shortly after. Pure: the clock reading
 * and the id come in.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 * @example
 * ```ts
 * assertionClaims({ clientId: 'app', audience: 'https://as.example/token', now: Date.now(), jti: 'a1b2' });
 * // { iss: 'app', sub: 'app', aud: 'https://as.example/token', jti: 'a1b2', iat: 1767225600, exp: 1767225660 }
 * ```
 */
export function assertionClaims(input: {
  clientId: string;
  audience: string;
  now: number;
  jti: string;
  lifetimeS?: number | undefined;
}): AssertionClaims {
  const iat = Math.floor(input.now / 1000);
  return {
    iss: input.clientId,
    sub: input.clientId,
    aud: input.audience,
    jti: input.jti,
    iat,
    exp: iat + (input.lifetimeS ?? ASSERTION_LIFETIME_S),
  };
}

/**
 * Checks an assertion lifetime option: whole seconds, 1 to 3600, or `undefined` for the default.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 * @example
 * ```ts
 * assertionLifetime(30); // 30
 * assertionLifetime(86_400); // throws ConfigError
 * ```
 */
export function assertionLifetime(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 3600) {
    throw new ConfigError('lifetimeS', 'expected whole seconds between 1 and 3600 (assertions should be short-lived)');
  }
  return value;
}
