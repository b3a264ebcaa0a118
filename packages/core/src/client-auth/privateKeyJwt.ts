import type { ClientAuthentication, ClientAuthenticationInput, TokenRequestDraft } from './clientAuthentication.js';
import { ErrorCode } from '../errors/codes.js';
import { ConfigError } from '../errors/ConfigError.js';
import { TokError } from '../errors/TokError.js';
import { assertionClaims, assertionLifetime } from './jwtClaims.js';
import { assertionSubject, base64url, JWS_ALGORITHMS, signJws, writeAssertion } from './jws.js';
import { pkcs8Der } from './pem.js';
import { describe } from '../request/validate.js';

/** The algorithms {@link privateKeyJwt} signs with. */
export type PrivateKeyJwtAlgorithm = 'RS256' | 'PS256' | 'ES256';

/**
 * A private JSON Web Key, as `JSON.parse` of a JWK file or WebCrypto's `exportKey('jwk', …)` gives
 * it: the members tok reads (RSA and EC keys have more, which are passed on to WebCrypto). Declared
 * here rather than taken from the DOM lib's `JsonWebKey`, so that the types compile in a project
 * without `lib: ["dom"]`; any `JsonWebKey` is one.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4
 */
export interface PrivateJwk {
  /** `"RSA"` or `"EC"`. */
  kty?: string | undefined;
  /** The curve of an EC key: `"P-256"` for ES256. */
  crv?: string | undefined;
  /** The algorithm the key is for, e.g. `"ES256"`: used when `alg` is not given. */
  alg?: string | undefined;
  /** The key's id: the `kid` header when `kid` is not given. */
  kid?: string | undefined;
  /** The private part: a JWK without it is a public key, which cannot sign. */
  d?: string | undefined;
  /** RSA members (RFC 7518 §6.3). */
  n?: string | undefined;
  e?: string | undefined;
  p?: string | undefined;
  q?: string | undefined;
  dp?: string | undefined;
  dq?: string | undefined;
  qi?: string | undefined;
  oth?: readonly { r?: string | undefined; d?: string | undefined; t?: string | undefined }[] | undefined;
  /** EC members (RFC 7518 §6.2). */
  x?: string | undefined;
  y?: string | undefined;
  /** Members a JWK file may carry and tok does not pass to WebCrypto (RFC 7517 §4). */
  use?: string | undefined;
  key_ops?: readonly string[] | undefined;
  ext?: boolean | undefined;
  x5u?: string | undefined;
  x5c?: readonly string[] | undefined;
  x5t?: string | undefined;
  'x5t#S256'?: string | undefined;
}

/**
 * What tok needs of a WebCrypto `CryptoKey` (any `CryptoKey` is one): declared here rather than
 * taken from the DOM lib, so that the types compile in a project without `lib: ["dom"]`.
 */
export interface SigningCryptoKey {
  /** `"private"` for a key that can sign. */
  readonly type: string;
  readonly extractable: boolean;
  /** `RSASSA-PKCS1-v1_5` (RS256), `RSA-PSS` (PS256) or `ECDSA` (ES256). */
  readonly algorithm: { readonly name: string };
  /** Must include `"sign"`. */
  readonly usages: readonly string[];
}

/** Options of {@link privateKeyJwt}. */
export interface PrivateKeyJwtOptions {
  /**
   * The client's private key: a private JWK (with `d`), a PKCS#8 PEM string
   * (`-----BEGIN PRIVATE KEY-----`), or a `CryptoKey` that can `sign`. Never printed or serialised.
   */
  key: PrivateJwk | string | SigningCryptoKey;
  /** Default: the JWK's `alg`, else `ES256` for a P-256 key and `RS256` for an RSA key. Required with a PEM. */
  alg?: PrivateKeyJwtAlgorithm | undefined;
  /** The `kid` header, so the server picks the right key from the client's JWKS. Default: the JWK's `kid`. */
  kid?: string | undefined;
  /** The assertion's `aud`. Default: the token endpoint URL (RFC 7523 §3); some servers want their issuer. */
  audience?: string | undefined;
  /** Seconds from `iat` to `exp`. Default `60`. */
  lifetimeS?: number | undefined;
}

const ALGS: readonly PrivateKeyJwtAlgorithm[] = ['RS256', 'PS256', 'ES256'];

/**
 * `private_key_jwt` client authentication: each token request carries a fresh JWT signed with the
 * client's private key (WebCrypto only, so it runs in Node, Deno, Bun, workers and browsers). The
 * server checks it against the public key registered for the client; no secret is sent.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 * @example
 * ```ts
 * const grant = clientCredentials({
 *   tokenUrl: 'https://as.example.com/token',
 *   clientId: 'billing-service',
 *   placement: privateKeyJwt({ key: JSON.parse(process.env.CLIENT_JWK), alg: 'ES256' }),
 * });
 * ```
 */
export function privateKeyJwt(options: PrivateKeyJwtOptions): ClientAuthentication {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('privateKeyJwt', `expected an object with a key, got ${describe(options)}`);
  }
  // The public types above describe what is accepted; inside, WebCrypto's own types.
  const key = options.key as (JsonWebKey & { kid?: string | undefined }) | string | CryptoKey;
  const alg = options.alg ?? inferAlg(key);
  if (!ALGS.includes(alg)) throw new ConfigError('privateKeyJwt.alg', `"${String(alg)}" is not one of ${ALGS.join(', ')}`);
  const kid = options.kid ?? (isJwk(key) && typeof key.kid === 'string' ? key.kid : undefined);
  const lifetimeS = assertionLifetime(options.lifetimeS);
  checkKey(key, alg);
  let imported: Promise<CryptoKey> | undefined;
  let fingerprinted: Promise<string | undefined> | undefined;

  const strategy = {
    method: 'private_key_jwt',
    alg,
    kid,
    usesSecret: false,
    async authenticate(request: TokenRequestDraft, input: ClientAuthenticationInput) {
      imported ??= importSigningKey(key, alg).catch((error: unknown) => {
        imported = undefined;
        throw error;
      });
      const clientId = assertionSubject(input.clientId, 'private_key_jwt');
      const claims = assertionClaims({ ...input, clientId, audience: options.audience ?? input.tokenUrl, lifetimeS });
      writeAssertion(request, clientId, await signJws({ alg, kid }, claims, await imported));
    },
    fingerprint: () => (fingerprinted ??= thumbprint(key, alg)),
    toJSON: () => ({ method: 'private_key_jwt', alg, kid }),
    toString: () => `private_key_jwt(${alg})`,
    [Symbol.for('nodejs.util.inspect.custom')]: () => `private_key_jwt(${alg}${kid === undefined ? '' : `, kid ${kid}`})`,
  };
  return Object.freeze(strategy);
}

function isJwk(key: unknown): key is JsonWebKey & { kid?: unknown } {
  return typeof key === 'object' && key !== null && 'kty' in key;
}

function isCryptoKey(key: unknown): key is CryptoKey {
  return typeof key === 'object' && key !== null && 'algorithm' in key && 'usages' in key && 'type' in key;
}

function inferAlg(key: unknown): PrivateKeyJwtAlgorithm {
  if (isJwk(key)) {
    if (typeof key.alg === 'string') return key.alg as PrivateKeyJwtAlgorithm;
    if (key.kty === 'EC') return 'ES256';
    if (key.kty === 'RSA') return 'RS256';
  }
  if (isCryptoKey(key)) {
    const name = key.algorithm.name;
    if (name === 'ECDSA') return 'ES256';
    if (name === 'RSA-PSS') return 'PS256';
    if (name === 'RSASSA-PKCS1-v1_5') return 'RS256';
  }
  throw new ConfigError('privateKeyJwt.alg', `cannot be inferred from this key; give alg: ${ALGS.map((a) => `'${a}'`).join(' | ')}`);
}

// Fails early, at configuration time, for what can be checked without importing the key.
function checkKey(key: unknown, alg: PrivateKeyJwtAlgorithm): void {
  const kty = alg === 'ES256' ? 'EC' : 'RSA';
  if (typeof key === 'string') return void pkcs8Der(key, 'privateKeyJwt.key');
  if (isCryptoKey(key)) {
    if (key.type !== 'private' || !key.usages.includes('sign')) {
      throw new ConfigError('privateKeyJwt.key', `must be a private CryptoKey with the "sign" usage, got a ${key.type} key for ${key.usages.join(', ') || 'nothing'}`);
    }
    if (key.algorithm.name !== JWS_ALGORITHMS[alg].name) {
      throw new ConfigError('privateKeyJwt.key', `is a ${key.algorithm.name} key, but ${alg} needs ${JWS_ALGORITHMS[alg].name}`);
    }
    return;
  }
  if (!isJwk(key)) {
    throw new ConfigError('privateKeyJwt.key', `expected a private JWK, a PKCS#8 PEM string or a CryptoKey, got ${describe(key)}`);
  }
  if (key.kty !== kty) throw new ConfigError('privateKeyJwt.key', `is a ${String(key.kty)} JWK, but ${alg} needs kty "${kty}"`);
  if (kty === 'EC' && key.crv !== 'P-256') throw new ConfigError('privateKeyJwt.key', `ES256 needs curve P-256, got ${String(key.crv)}`);
  if (typeof key.d !== 'string') {
    throw new ConfigError('privateKeyJwt.key', 'is a public JWK (no "d"); give the private key and register its public half with the server');
  }
  if (typeof key.alg === 'string' && key.alg !== alg) throw new ConfigError('privateKeyJwt.alg', `is ${alg}, but the JWK says alg "${key.alg}"`);
}

/**
 * The RFC 7638 thumbprint of the key's public half, for the token cache key: the same for one key
 * given as a JWK, a PEM or an extractable CryptoKey, another for another key, and nothing anyone can
 * sign with. A non-extractable CryptoKey cannot be read: `undefined`, and only `kid` tells keys apart.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7638#section-3
 */
async function thumbprint(key: JsonWebKey | string | CryptoKey, alg: PrivateKeyJwtAlgorithm): Promise<string | undefined> {
  const readable = typeof key === 'string' ? await importSigningKey(key, alg, true) : key;
  const jwk = isCryptoKey(readable) ? (readable.extractable ? await crypto.subtle.exportKey('jwk', readable) : undefined) : readable;
  if (jwk === undefined) return undefined;
  // The required public members only, in lexicographic order (RFC 7638 §3.2): never `d`.
  const { crv, e, kty, n, x, y } = jwk;
  const members = kty === 'EC' ? { crv, kty, x, y } : { e, kty, n };
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(members)))));
}

async function importSigningKey(key: JsonWebKey | string | CryptoKey, alg: PrivateKeyJwtAlgorithm, extractable = false): Promise<CryptoKey> {
  if (isCryptoKey(key)) return key;
  const { name, hash } = JWS_ALGORITHMS[alg];
  const params = name === 'ECDSA' ? { name, namedCurve: 'P-256' } : { name, hash };
  try {
    if (typeof key === 'string') return await crypto.subtle.importKey('pkcs8', pkcs8Der(key, 'privateKeyJwt.key'), params, extractable, ['sign']);
    // Only the key parameters: `use`, `key_ops` and `ext` in a JWK file must not veto the import.
    const { kty, crv, x, y, n, e, d, p, q, dp, dq, qi } = key;
    const jwk = Object.fromEntries(Object.entries({ kty, crv, x, y, n, e, d, p, q, dp, dq, qi }).filter(([, v]) => v !== undefined));
    return await crypto.subtle.importKey('jwk', jwk, params, false, ['sign']);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // WebCrypto's message names the problem ("Invalid keyData"), never the key. Known only when the
    // first assertion is signed, so not a ConfigError of construction: a final TOK_CLIENT_AUTH.
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new TokError(ErrorCode.ClientAuth, `privateKeyJwt.key could not be imported as an ${alg} signing key (${why}); check that it is the private key for ${alg}`, { cause: error });
  }
}
