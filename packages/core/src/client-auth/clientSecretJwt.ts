import type { ClientAuthentication, ClientAuthenticationInput, TokenRequestDraft } from './clientAuthentication.js';
import { ConfigError } from '../errors/ConfigError.js';
import { assertionClaims, assertionLifetime } from './jwtClaims.js';
import { assertionSubject, signJws, writeAssertion } from './jws.js';

/** The algorithms {@link clientSecretJwt} signs with. */
export type ClientSecretJwtAlgorithm = 'HS256' | 'HS384' | 'HS512';

/** Options of {@link clientSecretJwt}. */
export interface ClientSecretJwtOptions {
  /** Default `HS256`. */
  alg?: ClientSecretJwtAlgorithm | undefined;
  /** The assertion's `aud`. Default: the token endpoint URL (RFC 7523 §3). */
  audience?: string | undefined;
  /** Seconds from `iat` to `exp`. Default `60`. */
  lifetimeS?: number | undefined;
}

const ALGS: readonly ClientSecretJwtAlgorithm[] = ['HS256', 'HS384', 'HS512'];

/**
 * `client_secret_jwt` client authentication: each token request carries a fresh JWT signed with
 * HMAC over the grant's `clientSecret`, so the secret itself never crosses the wire.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 * @example
 * ```ts
 * const grant = clientCredentials({
 *   tokenUrl: 'https://as.example.com/token',
 *   clientId: 'reports',
 *   clientSecret: process.env.CLIENT_SECRET,
 *   placement: clientSecretJwt(),
 * });
 * ```
 */
export function clientSecretJwt(options: ClientSecretJwtOptions = {}): ClientAuthentication {
  const alg = options.alg ?? 'HS256';
  if (!ALGS.includes(alg)) throw new ConfigError('clientSecretJwt.alg', `"${String(alg)}" is not one of ${ALGS.join(', ')}`);
  const lifetimeS = assertionLifetime(options.lifetimeS);
  const hash = `SHA-${alg.slice(2)}`;
  // One imported key per secret: a grant holds one secret, a rotated one comes with a new grant.
  const keys = new WeakMap<object, Promise<CryptoKey>>();

  return Object.freeze({
    method: 'client_secret_jwt',
    alg,
    usesSecret: true,
    async authenticate(request: TokenRequestDraft, input: ClientAuthenticationInput) {
      const { clientSecret } = input;
      if (clientSecret === undefined) throw new ConfigError('clientSecret', 'client_secret_jwt signs with the client secret; give clientSecret');
      let key = keys.get(clientSecret);
      if (!key) {
        key = crypto.subtle.importKey('raw', new TextEncoder().encode(clientSecret.reveal()), { name: 'HMAC', hash }, false, ['sign']);
        keys.set(clientSecret, key);
      }
      const clientId = assertionSubject(input.clientId, 'client_secret_jwt');
      const claims = assertionClaims({ ...input, clientId, audience: options.audience ?? input.tokenUrl, lifetimeS });
      writeAssertion(request, clientId, await signJws({ alg }, claims, await key));
    },
    toJSON: () => ({ method: 'client_secret_jwt', alg }),
    toString: () => `client_secret_jwt(${alg})`,
    [Symbol.for('nodejs.util.inspect.custom')]: () => `client_secret_jwt(${alg})`,
  });
}
