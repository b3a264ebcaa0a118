import { ErrorCode } from '../errors/codes.js';
import type { TokenResponse } from '../http/types.js';
import { OAuthError } from '../errors/OAuthError.js';
import { ResponseError } from '../errors/ResponseError.js';
import { jwtLifetime } from './jwt.js';
import { REDACTED, redactTokens } from '../redaction/redact.js';
import { retryAfterMs } from '../policy/retryAfter.js';
import type { Token } from './token.js';
import { clampLifetime, DEFAULT_LIFETIME_MS, notVschar } from './lifetime.js';

export { DEFAULT_LIFETIME_MS, MAX_LIFETIME_MS, MIN_LIFETIME_MS } from './lifetime.js';

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
 * Turns a token endpoint's answer into a {@link Token}, or throws: {@link OAuthError} for an
 * RFC 6749 §5.2 error body (also on a 200), {@link ResponseError} for anything else unusable.
 * Tolerates `expires_in` as a numeric string or missing, `token_type` in any case or missing,
 * form-encoded bodies and JSON labelled form-encoded. Lifetimes (`expires_in`, a JWT's `exp`,
 * `refresh_in`) are kept between {@link MIN_LIFETIME_MS} and {@link MAX_LIFETIME_MS}. An
 * `access_token` must be printable ASCII (RFC 6749 Appendix A.12, VSCHAR) to be sent in a header:
 * anything else is refused without being quoted. No error quotes a credential: snippets and causes
 * are redacted, and a body that is itself a bare token is described, not shown.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see https://www.rfc-editor.org/rfc/rfc6749#appendix-A.12
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
    const bare = bareToken(response.body);
    const text = bare ? REDACTED : redactTokens(response.body);
    const location = status >= 300 && status < 400 ? headers.location : undefined;
    const shown = location !== undefined ? `Location ${JSON.stringify(clip(redactTokens(location)))}` : bare ? `a body that is ${bare}` : show(text, contentType);
    throw new ResponseError(ErrorCode.HttpStatus, `token endpoint answered ${status}${statusHint(status)}: ${shown}`, {
      status,
      retryAfterMs: retryAfter,
      body: text,
    });
  }
  const invalid = (why: string, cause: unknown = body && redactTokens(body)) =>
    new ResponseError(ErrorCode.InvalidResponse, `token endpoint answered ${status} but ${why}`, { status, body: cause });
  if (!body) {
    const bare = bareToken(response.body);
    if (bare) throw invalid(`the body is ${bare}, not a JSON object with access_token (RFC 6749 §5.1); is tokenUrl the OAuth token endpoint?`, REDACTED);
    const text = redactTokens(response.body);
    throw invalid(`the body is not JSON: ${show(text, contentType)}`, text);
  }

  const accessToken = body.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    const what = accessToken === undefined ? 'missing' : accessToken === '' ? 'empty' : `a ${typeof accessToken}, not a string`;
    throw invalid(`access_token is ${what} (fields: ${Object.keys(body).join(', ') || 'none'})`);
  }
  const unsendable = notVschar(accessToken);
  if (unsendable) throw invalid(`access_token has ${unsendable} (of ${accessToken.length}); a token must be printable ASCII (RFC 6749 Appendix A.12) to be sent in a header, so the server is misbehaving`);
  const tokenType = bearerType(body.token_type, options.tokenTypes, invalid);
  const issuedAt = options.requestedAt;
  const expiresIn = seconds(body.expires_in, 'expires_in', invalid);
  const lifetime = clampLifetime(expiresIn ?? jwtLifetime(accessToken, issuedAt) ?? options.defaultLifetimeMs ?? DEFAULT_LIFETIME_MS);
  const refreshIn = seconds(body.refresh_in, 'refresh_in', invalid);
  return {
    accessToken,
    tokenType,
    issuedAt,
    expiresAt: issuedAt + lifetime,
    refreshIn: refreshIn === undefined ? undefined : clampLifetime(refreshIn),
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
  // Media types are case-insensitive (RFC 9110 §8.3.1). Some servers label JSON as form-encoded:
  // read as a form, the whole object would become one field name, token included.
  if (contentType.toLowerCase().includes('application/x-www-form-urlencoded') && !text.trimStart().startsWith('{')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// Seconds as a number or a numeric string (some servers send "3600"), returned in milliseconds.
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
    const unsendable = notVschar(value);
    if (unsendable) throw invalid(`token_type has ${unsendable}; it is sent in the Authorization header, so it must be printable ASCII: the server is misbehaving`);
    const lower = value.toLowerCase();
    if (lower === 'bearer') return 'Bearer';
    if (allowed.some((t) => t.toLowerCase() === lower)) return value;
  }
  throw invalid(`token_type is ${JSON.stringify(value)}; tok sends Bearer tokens (allow it with tokenTypes: [${JSON.stringify(value)}] if the API accepts it)`);
}

// What a body that is no JSON object is, when it is a credential that must not be quoted: a JSON
// string, or a single word of 16 or more token characters (b64token, and `!` as in Salesforce
// tokens) with a letter and a digit: a bare token as text/plain. `undefined` for anything else, such as an HTML page, which is shown redacted.
function bareToken(text: string): string | undefined {
  const trimmed = text.trim();
  if (/^"[^]*"$/.test(trimmed)) return `a JSON string (${trimmed.length} characters)`;
  if (/^[\w.~+/!-]{16,}=*$/.test(trimmed) && /\d/.test(trimmed) && /[a-z]/i.test(trimmed)) {
    return `a single word of ${trimmed.length} characters, probably a bare token`;
  }
  return undefined;
}

function statusHint(status: number): string {
  if (status >= 300 && status < 400) return ' (a redirect: tok does not follow redirects for token requests, which carry the client credentials; set tokenUrl to the endpoint itself)';
  if (status === 0) return ' (an opaque answer, probably a redirect the browser hides: tok does not follow redirects for token requests; set tokenUrl to the endpoint itself)';
  if (status === 401 || status === 403) return ' (check clientId, clientSecret and placement)';
  if (status === 404 || status === 405) return ' (is tokenUrl the token endpoint?)';
  return '';
}

// A short, single-line view of a body for an error message; `text` is already redacted.
function show(text: string, contentType: string): string {
  const snippet = text.replace(/\s+/g, ' ').trim();
  const type = contentType || 'no content-type';
  if (snippet === '') return `empty body (${type})`;
  return `(${type}) "${clip(snippet)}"`;
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
