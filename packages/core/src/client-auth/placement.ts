/**
 * Where the client credentials go in a token request.
 *
 * | placement              | what is sent                                                          | spec name            |
 * |------------------------|-----------------------------------------------------------------------|----------------------|
 * | `basic` (default)      | `Authorization: Basic base64(urlencode(id):urlencode(secret))`         | `client_secret_basic` |
 * | `basic-raw`            | `Authorization: Basic base64(id:secret)`, not form-encoded (Postman); printable ASCII only, no `:` in the id |  |
 * | `basic-with-client-id` | `basic`, plus `client_id` repeated in the form body                   |                      |
 * | `form`                 | `client_id` and `client_secret` in the form body                      | `client_secret_post` |
 * | `json`                 | a JSON body with `client_id` and `client_secret`                      |                      |
 * | `none`                 | no secret; `client_id` in the form body if given (a public client, or a same-origin backend route) | `none` |
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export type Placement = 'basic' | 'basic-raw' | 'basic-with-client-id' | 'form' | 'json' | 'none';

/**
 * Every {@link Placement} name, in the order of its table: the values a grant's `placement` takes
 * besides `'auto'` and a signing method (`privateKeyJwt(…)`, `clientSecretJwt()`). Handy to check a
 * placement read from configuration before {@link clientCredentials} refuses it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @example
 * ```ts
 * const placement = process.env.TOKEN_PLACEMENT ?? 'basic';
 * if (!placements.includes(placement as Placement)) throw new Error(`TOKEN_PLACEMENT must be one of ${placements.join(', ')}`);
 * ```
 */
export const placements: readonly Placement[] = ['basic', 'basic-raw', 'basic-with-client-id', 'form', 'json', 'none'];

/** Placements that put the secret in an `Authorization: Basic` header. */
export function usesBasic(placement: Placement): boolean {
  return placement.startsWith('basic');
}
