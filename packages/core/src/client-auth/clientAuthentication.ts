import type { Secret } from '../request/secret.js';
import type { Token } from '../response/token.js';

/**
 * A token request while it is being written: {@link ClientAuthentication} strategies add their
 * headers and body fields to it, then tok appends scope, audience, resource and `params`, and
 * encodes the body.
 *
 * @example
 * ```ts
 * const draft: TokenRequestDraft = { headers: {}, fields: [['grant_type', 'client_credentials']] };
 * ```
 */
export interface TokenRequestDraft {
  /** Lower-case header names. */
  readonly headers: Record<string, string>;
  /** Body fields in order; a name may repeat (`resource`). */
  readonly fields: [string, string][];
  /** Encode the fields as a JSON object (`placement: 'json'`) instead of form-urlencoded. */
  json?: boolean;
}

/** What a {@link ClientAuthentication} needs to authenticate one token request. */
export interface ClientAuthenticationInput {
  /** The grant's client id; `undefined` only for placement `none` without one. */
  readonly clientId: string | undefined;
  /** The grant's secret (the HMAC key of `client_secret_jwt`); `undefined` when the method sends none. */
  readonly clientSecret: Secret | undefined;
  /** The token endpoint the request goes to: the assertion's default `aud`. */
  readonly tokenUrl: string;
  /** The current time in epoch milliseconds, from the token source's clock. */
  readonly now: number;
  /** A fresh unique id for this request, from the token source's randomness. */
  readonly jti: string;
}

/**
 * A client authentication method: a strategy that writes its headers and body fields into a token
 * request, like oauth4webapi's `ClientSecretBasic`, `ClientSecretPost` or `PrivateKeyJwt`. The
 * placement names (`'basic'`, `'form'`, …) are the friendly spelling of the plain-secret ones;
 * {@link privateKeyJwt} and {@link clientSecretJwt} sign an assertion per request, and {@link auto}
 * negotiates between `basic` and `form`. Each lives in its own module, so a bundle carries only the
 * methods it names.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @see https://oauth.net/2/client-authentication/
 * @example
 * ```ts
 * // An API gateway that wants the client id and secret in headers of its own:
 * const gatewayHeaders: ClientAuthentication = {
 *   method: 'gateway_headers',
 *   usesSecret: true,
 *   authenticate(request, { clientId, clientSecret }) {
 *     request.headers['x-client-id'] = clientId ?? '';
 *     request.headers['x-client-secret'] = clientSecret?.reveal() ?? '';
 *   },
 * };
 * const grant = clientCredentials({ tokenUrl, clientId, clientSecret, placement: gatewayHeaders });
 * ```
 */
export interface ClientAuthentication {
  /** The method's registered name (RFC 8414 `token_endpoint_auth_methods_supported`), or a name of its own. */
  readonly method: string;
  /** The JWS algorithm, for methods that sign. */
  readonly alg?: string | undefined;
  /** Whether the grant must carry `clientSecret` (`true`) or must not (`false`, e.g. `private_key_jwt`). */
  readonly usesSecret: boolean;
  /** Whether it writes `Authorization`: the grant then refuses an `Authorization` in its `headers`. */
  readonly writesAuthorization?: boolean | undefined;
  /**
   * Writes what authenticates one request into `request`. May be async (signing); called once per
   * attempt, so a signed assertion is never reused. The headers it writes count as credentials:
   * they are redacted from every error.
   */
  authenticate(request: TokenRequestDraft, input: ClientAuthenticationInput): void | Promise<void>;
  /** Refuses, at construction, a client id or secret this method cannot carry (a {@link ConfigError}). */
  check?(option: 'clientId' | 'clientSecret', value: string): void;
  /**
   * A digest that changes with the key material and reveals nothing of it (for `privateKeyJwt`,
   * the RFC 7638 thumbprint of the public key). `tokenCacheKey` includes it, so that a store shared
   * between processes never serves a token obtained with a key since replaced under the same `kid`.
   */
  fingerprint?(): Promise<string | undefined>;
  /**
   * For a method that chooses between others ({@link auto}): runs `attempt` with each candidate
   * placement until one gets a token. `methods` is the server's
   * `token_endpoint_auth_methods_supported`, when discovered; `key` names the endpoint and client.
   */
  negotiate?(context: { key: string; methods: readonly string[] | undefined }, attempt: (placement: 'basic' | 'form') => Promise<Token>): Promise<Token>;
}

/**
 * `true` for a {@link ClientAuthentication} strategy object (as opposed to a placement name).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @example
 * ```ts
 * isClientAuthentication(privateKeyJwt({ key })); // true
 * isClientAuthentication('basic'); // false
 * ```
 */
export function isClientAuthentication(value: unknown): value is ClientAuthentication {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ClientAuthentication).method === 'string' &&
    typeof (value as ClientAuthentication).authenticate === 'function'
  );
}
