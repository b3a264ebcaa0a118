/** What tok prints in place of a secret, a token or a header value. */
export const REDACTED = '[redacted]';

// Credentials a body may carry: token-response fields (RFC 6749 §5.1, OpenID Connect) in snake or
// camel case, a bare `token`, and the client's own secret or assertion when a server echoes a request.
const NAME = '(?:(?:access|refresh|id)_?)?token|client_?(?:secret|assertion)';
const TOKEN_FIELD = new RegExp(`^(?:${NAME})$`, 'i');
// The same in raw text: a JSON member (also one cut short, as in a truncated body) or a form pair.
const TOKEN_IN_TEXT = new RegExp(`("(?:${NAME})"\\s*:\\s*")(?:[^"\\\\]|\\\\.?)*("?)|((?:${NAME})=)[^&\\s]*`, 'gi');
// An echoed Authorization value: Basic or Bearer, then at least 12 credential characters that are
// not a plain lower-case word (so "Basic authentication" in a message stays as it is).
const CREDENTIALS_IN_TEXT = /\b((?:Basic|Bearer|basic|bearer|BASIC|BEARER)\s+)(?![a-z]+(?![\w+/=.~-]))[\w+/=.~-]{12,}/g;

/**
 * A token endpoint's body with the values of credentials replaced by `[redacted]`: `access_token`,
 * `refresh_token`, `id_token`, `token`, their camelCase forms (`accessToken`, …), `client_secret`
 * and `client_assertion`, and Basic or Bearer credentials echoed as text. Takes a parsed body (and
 * returns a shallow copy) or raw text, JSON or form-encoded. Errors keep the body as `cause` and
 * quote it in their message, and a refused answer (a 200 with an `error`, a `token_type` tok does
 * not send, a 400 that echoes the request) can still carry a credential that works.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @example
 * ```ts
 * redactTokens('access_token=abc&token_type=mac'); // 'access_token=[redacted]&token_type=mac'
 * redactTokens({ error: 'invalid_scope', accessToken: 'abc' }); // { error: 'invalid_scope', accessToken: '[redacted]' }
 * ```
 */
export function redactTokens(body: string): string;
export function redactTokens(body: Record<string, unknown>): Record<string, unknown>;
export function redactTokens(body: string | Record<string, unknown>): string | Record<string, unknown> {
  if (typeof body === 'string') {
    return body.replace(TOKEN_IN_TEXT, `$1$3${REDACTED}$2`).replace(CREDENTIALS_IN_TEXT, `$1${REDACTED}`);
  }
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, TOKEN_FIELD.test(key) ? REDACTED : value]));
}

/**
 * Makes a record print its names with every value `[redacted]` (in `JSON.stringify`, Node's
 * `util.inspect` and Deno's `Deno.inspect`), and freezes it; reads and `Object.entries` still give
 * the real values. For a grant's `headers`, which may hold an API key or an `Authorization` the
 * caller wrote: a logged grant must not show them. The printers are non-enumerable properties, so
 * spreads and `Object.entries` never see them.
 *
 * @example
 * ```ts
 * const headers = redactedValues({ 'x-api-key': 'k3y' });
 * JSON.stringify(headers); // '{"x-api-key":"[redacted]"}'
 * headers['x-api-key']; // 'k3y'
 * ```
 */
export function redactedValues<T extends Record<string, string>>(record: T): Readonly<T> {
  const view = () => Object.fromEntries(Object.keys(record).map((name) => [name, REDACTED]));
  // Node formats the plain object `view` returns; Deno wants a string.
  return Object.freeze(
    Object.defineProperties(record, {
      toJSON: { value: view },
      [Symbol.for('nodejs.util.inspect.custom')]: { value: view },
      [Symbol.for('Deno.customInspect')]: { value: () => JSON.stringify(view()) },
    }),
  );
}
