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
