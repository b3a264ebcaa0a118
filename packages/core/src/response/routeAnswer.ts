import { ErrorCode } from '../errors/codes.js';
import { ResponseError } from '../errors/ResponseError.js';
import type { TokenResponse } from '../http/types.js';
import { retryAfterMs } from '../policy/retryAfter.js';
import { clampLifetime, DEFAULT_LIFETIME_MS, notVschar } from './lifetime.js';
import type { Token } from './token.js';

/**
 * Reads your own backend's token route answer (`{ access_token, expires_in }`, the OAuth JSON of
 * RFC 6749 §5.1) into a {@link Token}: the slim reader of {@link tokenRoute}. The route is yours and
 * holds no client secret, so there is nothing to redact and no body is ever quoted: a failure is a
 * {@link ResponseError} with the status, the OAuth `error` and `error_description` when the route
 * sends them, and `retryAfterMs` from a 429 or 503. Lifetimes are kept in the same range as
 * `parseTokenResponse`'s; a token that is not printable ASCII is refused.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @example
 * ```ts
 * const token = readRouteAnswer(response, { url: '/api/token', requestedAt: Date.now() });
 * ```
 */
export function readRouteAnswer(response: TokenResponse, options: { url: string; requestedAt: number; receivedAt?: number; defaultLifetimeMs?: number | undefined }): Token {
  const { status, headers } = response;
  let body: Record<string, unknown> | undefined;
  try {
    const value: unknown = JSON.parse(response.body);
    if (typeof value === 'object' && value !== null) body = value as Record<string, unknown>;
  } catch {
    // Not JSON: reported below without quoting it.
  }
  const fail = (code: typeof ErrorCode.HttpStatus | typeof ErrorCode.InvalidResponse, why: string) =>
    new ResponseError(code, `token route ${options.url} answered ${status}${why}`, {
      status,
      retryAfterMs: status === 429 || status === 503 ? retryAfterMs(headers['retry-after'], options.receivedAt ?? options.requestedAt) : undefined,
      body: undefined,
    });
  const { access_token: accessToken, error, error_description: description } = body ?? {};
  if (status < 200 || status > 299 || typeof error === 'string') {
    throw fail(ErrorCode.HttpStatus, typeof error === 'string' ? ` ${error}${typeof description === 'string' ? `: ${description}` : ''}` : status === 0 ? ' (a redirect, probably to a sign-in page: is the session over?)' : '');
  }
  if (typeof accessToken !== 'string' || accessToken === '' || notVschar(accessToken)) {
    throw fail(ErrorCode.InvalidResponse, ' without a usable access_token: it should answer the OAuth JSON { "access_token": "…", "expires_in": 3600 }');
  }
  const type = body?.token_type;
  if (type !== undefined && !/^bearer$/i.test(String(type))) throw fail(ErrorCode.InvalidResponse, ` with token_type ${JSON.stringify(type)}; tok sends Bearer tokens`);
  const expiresIn = Number(body?.expires_in);
  const lifetime = clampLifetime(body?.expires_in != null && expiresIn >= 0 ? expiresIn * 1000 : (options.defaultLifetimeMs ?? DEFAULT_LIFETIME_MS));
  return {
    accessToken,
    tokenType: 'Bearer',
    issuedAt: options.requestedAt,
    expiresAt: options.requestedAt + lifetime,
    refreshIn: undefined,
    scope: typeof body?.scope === 'string' ? body.scope : undefined,
    raw: body as Record<string, unknown>,
  };
}
