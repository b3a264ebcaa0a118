import { ErrorCode } from '../errors/codes.js';
import { ResponseError } from '../errors/ResponseError.js';
import type { TokenResponse } from '../http/types.js';
import { retryAfterMs } from '../policy/retryAfter.js';
import { clampLifetime, DEFAULT_LIFETIME_MS } from './lifetime.js';
import type { Token } from './token.js';

/**
 * Reads your own backend's token route answer (`{ access_token, expires_in }`, the OAuth JSON of
 * RFC 6749 §5.1) into a {@link Token}: the slim reader of {@link tokenRoute}. The route is yours and
 * holds no client secret, so there is nothing to redact and no body is ever quoted: a failure is a
 * {@link ResponseError} with the status, the OAuth `error` and `error_description` when the route
 * sends them, and `retryAfterMs` from a 429 or 503. Lifetimes are kept in the same range as
 * `parseTokenResponse`'s; a token that is not printable ASCII (or not Bearer) is refused.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @example
 * ```ts
 * const token = readRouteAnswer(response, { url: '/api/token', requestedAt: Date.now() });
 * ```
 */
export function readRouteAnswer(response: TokenResponse, options: { url: string; requestedAt: number; receivedAt?: number; defaultLifetimeMs?: number | undefined }): Token {
  const { status } = response;
  let body: Record<string, unknown> = {};
  try {
    body = Object(JSON.parse(response.body));
  } catch {
    // Not JSON: reported below, never quoted.
  }
  const { access_token: accessToken, error, error_description: description, expires_in: expiresIn, token_type: type } = body;
  const fail = (code: typeof ErrorCode.HttpStatus | typeof ErrorCode.InvalidResponse, why: string) =>
    new ResponseError(code, `token route ${options.url} answered ${status}${why}`, {
      status,
      retryAfterMs: status === 429 || status === 503 ? retryAfterMs(response.headers['retry-after'], options.receivedAt ?? options.requestedAt) : undefined,
      body: undefined,
    });
  if (status < 200 || status > 299 || error) {
    throw fail(ErrorCode.HttpStatus, error ? ` ${error}${description ? `: ${description}` : ''}` : status ? '' : ' (a redirect, probably to a sign-in page: is the session over?)');
  }
  if (typeof accessToken !== 'string' || !/^[\x20-\x7e]+$/.test(accessToken) || !/^(bearer)?$/i.test(String(type ?? ''))) {
    throw fail(ErrorCode.InvalidResponse, ' without a usable Bearer access_token; a token route answers the OAuth JSON { "access_token": "…", "expires_in": 3600 }');
  }
  const lifetime = clampLifetime(expiresIn != null && Number(expiresIn) >= 0 ? Number(expiresIn) * 1000 : (options.defaultLifetimeMs ?? DEFAULT_LIFETIME_MS));
  return {
    accessToken,
    tokenType: 'Bearer',
    issuedAt: options.requestedAt,
    expiresAt: options.requestedAt + lifetime,
    refreshIn: undefined,
    scope: typeof body.scope === 'string' ? body.scope : undefined,
    raw: body,
  };
}
