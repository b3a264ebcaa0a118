import type { ClientAuthentication, TokenRequestDraft, ClientAuthenticationInput } from './clientAuthentication.js';
import { ConfigError } from '../errors/ConfigError.js';

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

/**
 * application/x-www-form-urlencoded encoding of one value (RFC 6749 Appendix B): what
 * `client_secret_basic` applies to the client id and the secret before Base64 (RFC 6749 §2.3.1).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#appendix-B
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @example
 * ```ts
 * formEncode('a b+c'); // 'a+b%2Bc'
 * const header = `Basic ${btoa(`${formEncode(clientId)}:${formEncode(clientSecret)}`)}`;
 * ```
 */
export function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

type Write = (request: TokenRequestDraft, input: ClientAuthenticationInput) => void;

// The credentials in an Authorization: Basic header, form-encoded first (RFC 6749 §2.3.1) or as typed.
const basicHeader =
  (encode: (value: string) => string): Write =>
  (request, { clientId = '', clientSecret }) => {
    request.headers.authorization = `Basic ${btoa(`${encode(clientId)}:${encode(clientSecret?.reveal() ?? '')}`)}`;
  };
const clientId: Write = (request, input) => {
  if (input.clientId !== undefined) request.fields.push(['client_id', input.clientId]);
};
const secretInBody: Write = (request, input) => {
  clientId(request, input);
  request.fields.push(['client_secret', input.clientSecret?.reveal() ?? '']);
};

function strategy(method: string, authenticate: Write, extra?: Partial<ClientAuthentication>): ClientAuthentication {
  return Object.freeze({ method, usesSecret: method !== 'none', authenticate, ...extra });
}

/**
 * `basic-raw` writes `id:secret` as typed: only printable ASCII survives every server's decoding,
 * and an id with `:` is cut at it (RFC 7617 §2). Messages give positions, never characters.
 */
function rawBasicText(option: 'clientId' | 'clientSecret', value: string): void {
  const at = value.search(/[^\x20-\x7e]/);
  if (at >= 0) {
    throw new ConfigError(
      option,
      `has a non-ASCII character at position ${at}; placement "basic-raw" sends base64(id:secret) as typed, and servers decode non-ASCII bytes there inconsistently. Use placement "basic" (form-encodes as UTF-8 first, RFC 6749 §2.3.1) or "form"`,
    );
  }
  if (option === 'clientId' && value.includes(':')) {
    throw new ConfigError(option, 'contains ":", which placement "basic-raw" cannot carry (RFC 7617 splits id and secret at the first ":"); use placement "basic" (sends it as %3A) or "form"');
  }
}

const basic = basicHeader(formEncode);

/**
 * The strategy each {@link Placement} name stands for: a {@link ClientAuthentication} that writes
 * the client's id and secret where the name says. `clientCredentials` looks the name up here; the
 * strategies are small, so every one is in a bundle that takes placement names at run time.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @example
 * ```ts
 * const draft = { headers: {}, fields: [] };
 * placementStrategies.form.authenticate(draft, { clientId: 'app', clientSecret: new Secret('s'), tokenUrl, now: Date.now(), jti: '' });
 * draft.fields; // [['client_id', 'app'], ['client_secret', 's']]
 * ```
 */
export const placementStrategies: Readonly<Record<Placement, ClientAuthentication>> = Object.freeze({
  basic: strategy('client_secret_basic', basic, { writesAuthorization: true }),
  'basic-raw': strategy('client_secret_basic', basicHeader(String), { writesAuthorization: true, check: rawBasicText }),
  'basic-with-client-id': strategy(
    'client_secret_basic',
    (request, input) => {
      basic(request, input);
      clientId(request, input);
    },
    { writesAuthorization: true },
  ),
  form: strategy('client_secret_post', secretInBody),
  json: strategy('client_secret_post', (request, input) => {
    request.json = true;
    secretInBody(request, input);
  }),
  none: strategy('none', clientId),
});
