/** What tok prints in place of a secret, a token or a header value. */
export const REDACTED = '[redacted]';

// Token-response fields that are credentials in their own right (RFC 6749 §5.1, OpenID Connect).
const TOKEN_FIELD = /^(?:access|refresh|id)_token$/i;
// The same fields in raw text: a JSON member (also one cut short, as in a truncated body) or a form
// pair. Replaced by `$1$3[redacted]$2`: the name, then the closing quote if there was one.
const TOKEN_IN_TEXT = /("(?:access|refresh|id)_token"\s*:\s*")(?:[^"\\]|\\.?)*("?)|((?:access|refresh|id)_token=)[^&\s]*/gi;

/**
 * A token endpoint's body with the values of `access_token`, `refresh_token` and `id_token`
 * replaced by `[redacted]`: a parsed body (as a shallow copy) or raw text, JSON or form-encoded.
 * Errors keep the body as `cause` and quote it in their message, and a refused answer (a 200 with
 * an `error`, a `token_type` tok does not send) can still carry a token that works.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @example
 * ```ts
 * redactTokens('access_token=abc&token_type=mac'); // 'access_token=[redacted]&token_type=mac'
 * redactTokens({ error: 'invalid_scope', access_token: 'abc' }); // { error: 'invalid_scope', access_token: '[redacted]' }
 * ```
 */
export function redactTokens(body: string): string;
export function redactTokens(body: Record<string, unknown>): Record<string, unknown>;
export function redactTokens(body: string | Record<string, unknown>): string | Record<string, unknown> {
  if (typeof body === 'string') return body.replace(TOKEN_IN_TEXT, `$1$3${REDACTED}$2`);
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
