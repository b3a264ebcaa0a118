import { ConfigError } from '../errors/ConfigError.js';
import type { Token } from '../response/token.js';

const SCHEME = /^bearer\s+/i;
// The scheme with nothing after it ("Bearer " trimmed) is no token at all.
const SCHEME_ONLY = /^bearer$/i;

/**
 * The `Authorization` header value for a token.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 * @example
 * ```ts
 * headers.set('authorization', authorization(await source.getToken()));
 * ```
 */
export function authorization(token: Token | string): string {
  const value = typeof token === 'string' ? token : token.accessToken;
  return `Bearer ${value.replace(SCHEME, '')}`;
}

/**
 * A token for users who already hold a long-lived one (an API key issued as a bearer token).
 * `'abc'` and `'Bearer abc'` both give a token whose header is `Bearer abc`; it never expires.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 * @see {@link fixedTokenSource} for a token source that serves it
 * @example
 * ```ts
 * authorization(staticToken(process.env.API_TOKEN)); // "Bearer …", never "Bearer Bearer …"
 * ```
 */
export function staticToken(value: string): Token {
  const accessToken = typeof value === 'string' ? value.trim().replace(SCHEME, '').replace(SCHEME_ONLY, '') : '';
  if (accessToken === '') throw new ConfigError('token', 'expected a non-empty token string (with or without "Bearer ")');
  if (/[\s\x00-\x1f\x7f]|[^\x00-\xff]/.test(accessToken)) throw new ConfigError('token', 'contains whitespace, a control character or a character above U+00FF (no header can carry it); copy the token again');
  return Object.freeze({ accessToken, tokenType: 'Bearer', issuedAt: 0, expiresAt: undefined, refreshIn: undefined, scope: undefined, raw: {} });
}
