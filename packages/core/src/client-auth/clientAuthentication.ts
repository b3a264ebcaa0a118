import type { Secret } from '../request/secret.js';

/** What a {@link ClientAuthentication} needs to authenticate one token request. */
export interface ClientAuthenticationInput {
  readonly clientId: string;
  /** The grant's secret: the HMAC key of `client_secret_jwt`; `undefined` for `private_key_jwt`. */
  readonly clientSecret: Secret | undefined;
  /** The token endpoint the request goes to: the assertion's default `aud`. */
  readonly tokenUrl: string;
  /** The current time in epoch milliseconds, from the caller's clock. */
  readonly now: number;
  /** A fresh unique id for this request, from the caller's randomness. */
  readonly jti: string;
}

/**
 * A client authentication method that needs work per token request, such as signing a JWT, used
 * as a grant's `placement`. It returns the body fields to add; tok writes them into a form body.
 * {@link privateKeyJwt} and {@link clientSecretJwt} are the two tok ships; both live in modules
 * that a grant with a string placement never loads, so plain-secret users do not pay for them.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @see https://oauth.net/2/client-authentication/
 * @example
 * ```ts
 * const grant = clientCredentials({ tokenUrl, clientId, placement: privateKeyJwt({ key, alg: 'ES256' }) });
 * ```
 */
export interface ClientAuthentication {
  /** The method's registered name (RFC 8414 `token_endpoint_auth_methods_supported`). */
  readonly method: string;
  /** The JWS algorithm, for methods that sign. */
  readonly alg?: string | undefined;
  /** Whether the grant must carry `clientSecret` (`client_secret_jwt`) or must not (`private_key_jwt`). */
  readonly usesSecret: boolean;
  /** Body fields that authenticate one request, e.g. `client_assertion_type` and `client_assertion`. */
  authenticate(input: ClientAuthenticationInput): Promise<Readonly<Record<string, string>>>;
  /**
   * A digest that changes with the key material and reveals nothing of it (for `privateKeyJwt`,
   * the RFC 7638 thumbprint of the public key). `tokenCacheKey` includes it, so that a store shared
   * between processes never serves a token obtained with a key since replaced under the same `kid`.
   */
  fingerprint?(): Promise<string | undefined>;
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
