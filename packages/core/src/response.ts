import { ErrorCode } from './errors/codes.js';
import { OAuthError } from './errors/OAuthError.js';
import { ResponseError } from './errors/ResponseError.js';
import { jwtLifetime } from './jwt.js';
import { redactTokens } from './redact.js';
import { retryAfterMs } from './retryAfter.js';
import type { Token } from './token.js';

/** A token endpoint's answer as plain data: what a transport returns. */
export interface TokenResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Options of {@link parseTokenResponse}. */
export interface ParseOptions {
  /** When the request was sent (epoch ms). `expiresAt` counts from here, not from the answer. */
  requestedAt: number;
  /** When the answer arrived, for an HTTP-date `Retry-After`. Default `requestedAt`. */
  receivedAt?: number | undefined;
  /**
   * Lifetime assumed when the server sends no `expires_in` and the token is not a JWT with `exp`.
   * Default one hour: long enough not to spend the provider's quota, and a 401 recovers early.
   */
  defaultLifetimeMs?: number | undefined;
  /** Token types accepted besides `Bearer` (compared case-insensitively). Default none. */
  tokenTypes?: readonly string[] | undefined;
}

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
 * Turns a token endpoint's answer into a {@link Token}, or throws: {@link OAuthError} for an
 * RFC 6749 §5.2 error body (also on a 200), {@link ResponseError} for anything else unusable.
 * Tolerates `expires_in` as a numeric string or missing, `token_type` in any case or missing,
 * and form-encoded bodies.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @example
 * ```ts
 * const requestedAt = Date.now();
 * const res = await fetch(url, { method, headers, body });
 * const token = parseTokenResponse(
 *   { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() },
 *   { requestedAt },
 * );
 * ```
 */
export function parseTokenResponse(response: TokenResponse, options: ParseOptions): Token {
  const { status, headers } = response;
  const contentType = headers['content-type'] ?? '';
  const body = parseBody(response.body, contentType);
  const ok = status >= 200 && status < 300;
  const retryAfter = status === 429 || status === 503 ? retryAfterMs(headers['retry-after'], options.receivedAt ?? options.requestedAt) : undefined;

  // Every failure quotes the body in its message or its cause, and a refused answer may still carry
  // tokens that work: each snippet and each cause is redacted, only once something failed.
  if (body && typeof body.error === 'string') {
    return oauthFail(body, status, retryAfter);
  }
  if (!ok) {
    const text = redactTokens(response.body);
    throw new ResponseError(ErrorCode.HttpStatus, `token endpoint answered ${status}${statusHint(status)}: ${show(text, contentType)}`, {
      status,
      retryAfterMs: retryAfter,
      body: text,
    });
  }
  const invalid = (why: string, cause: unknown = body && redactTokens(body)) =>
    new ResponseError(ErrorCode.InvalidResponse, `token endpoint answered ${status} but ${why}`, { status, body: cause });
  if (!body) {
    const text = redactTokens(response.body);
    throw invalid(`the body is not JSON: ${show(text, contentType)}`, text);
  }

  const accessToken = body.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    const what = accessToken === undefined ? 'missing' : accessToken === '' ? 'empty' : `a ${typeof accessToken}, not a string`;
    throw invalid(`access_token is ${what} (fields: ${Object.keys(body).join(', ') || 'none'})`);
  }
  const tokenType = bearerType(body.token_type, options.tokenTypes, invalid);
  const issuedAt = options.requestedAt;
  const expiresIn = seconds(body.expires_in, 'expires_in', invalid);
  const lifetime = expiresIn ?? jwtLifetime(accessToken, issuedAt) ?? options.defaultLifetimeMs ?? DEFAULT_LIFETIME_MS;
  const refreshIn = seconds(body.refresh_in, 'refresh_in', invalid);
  return {
    accessToken,
    tokenType,
    issuedAt,
    expiresAt: issuedAt + lifetime,
    refreshIn,
    scope: typeof body.scope === 'string' ? body.scope : undefined,
    raw: body,
  };
}

function oauthFail(body: Record<string, unknown>, status: number, retryAfter: number | undefined): never {
  throw new OAuthError({
    error: body.error as string,
    errorDescription: typeof body.error_description === 'string' ? body.error_description : undefined,
    errorUri: typeof body.error_uri === 'string' ? body.error_uri : undefined,
    status,
    retryAfterMs: retryAfter,
    body: redactTokens(body),
  });
}

function parseBody(text: string, contentType: string): Record<string, unknown> | undefined {
  // Media types are case-insensitive (RFC 9110 §8.3.1).
  if (contentType.toLowerCase().includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// Seconds as a number or a numeric string (seed 003 sends "3600"), returned in milliseconds.
function seconds(value: unknown, field: string, invalid: (why: string) => Error): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    throw invalid(`${field} is ${JSON.stringify(value)}; expected a non-negative number of seconds`);
  }
  return n * 1000;
}

function bearerType(value: unknown, allowed: readonly string[] = [], invalid: (why: string) => Error): string {
  if (value === undefined || value === null || value === '') return 'Bearer';
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'bearer') return 'Bearer';
    if (allowed.some((t) => t.toLowerCase() === lower)) return value;
  }
  throw invalid(`token_type is ${JSON.stringify(value)}; tok sends Bearer tokens (allow it with tokenTypes: [${JSON.stringify(value)}] if the API accepts it)`);
}

function statusHint(status: number): string {
  if (status === 401 || status === 403) return ' (check clientId, clientSecret and placement)';
  if (status === 404 || status === 405) return ' (is tokenUrl the token endpoint?)';
  return '';
}

// A short, single-line view of a body for an error message; `text` is already redacted.
function show(text: string, contentType: string): string {
  const snippet = text.replace(/\s+/g, ' ').trim();
  const type = contentType || 'no content-type';
  if (snippet === '') return `empty body (${type})`;
  return `(${type}) "${snippet.length > 120 ? `${snippet.slice(0, 120)}…` : snippet}"`;
}
