// The Node side of JWT client authentication (RFC 7523 §2.2, §3): key pairs for the clients, and
// an independent verifier (node:crypto, not WebCrypto) for the assertions a runtime signs.
import { createHmac, createPublicKey, generateKeyPairSync, type KeyObject, timingSafeEqual, verify, constants } from 'node:crypto';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** What the suite is given to authenticate with (private keys included: they exist for this run only). */
export interface JwtClients {
  readonly clientId: string;
  /** For client_secret_jwt. */
  readonly clientSecret: string;
  /** For private_key_jwt: an RSA key (RS256, PS256) as a JWK with `kid` and as PKCS#8 PEM, and a P-256 JWK (ES256). */
  readonly rsaJwk: JsonWebKey & { kid: string };
  readonly rsaPem: string;
  readonly ecJwk: JsonWebKey & { kid: string };
}

export interface JwtKeys {
  readonly clients: JwtClients;
  readonly publicKeys: ReadonlyMap<string, KeyObject>;
}

/** Fresh key pairs for one run of the matrix. */
export function createJwtKeys(): JwtKeys {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    clients: {
      clientId: 'jwt-client',
      clientSecret: 'jwt-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
      rsaJwk: { ...rsa.privateKey.export({ format: 'jwk' }), kid: 'rsa-1' },
      rsaPem: rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      ecJwk: { ...ec.privateKey.export({ format: 'jwk' }), kid: 'ec-1' },
    },
    publicKeys: new Map([
      ['rsa-1', createPublicKey(rsa.privateKey)],
      ['ec-1', createPublicKey(ec.privateKey)],
    ]),
  };
}

/** One assertion as received, and what the verifier made of it. */
export interface AssertionRecord {
  readonly header: Record<string, unknown> | null;
  readonly claims: Record<string, unknown> | null;
  /** `null` when valid, else why not. */
  readonly problem: string | null;
  /** Whether the raw request carried the client secret anywhere (it must not). */
  readonly secretOnTheWire: boolean;
}

const decode = (part: string | undefined): Record<string, unknown> | null => {
  try {
    return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
};

/**
 * Verifies a client-credentials token request authenticated by a JWT assertion: the assertion type,
 * the signature (HS256/384/512 with the secret, RS256/PS256/ES256 with the registered public key
 * named by `kid`), `iss` = `sub` = the client id, `aud` = the endpoint, a live `exp` at most 5 min
 * after `iat`, and a `jti` never seen before.
 */
export function verifyAssertion(
  fields: URLSearchParams,
  rawRequest: string,
  endpoint: string,
  keys: JwtKeys,
  seenJti: Set<string>,
): AssertionRecord {
  const assertion = fields.get('client_assertion') ?? '';
  const [h, p, s] = assertion.split('.');
  const header = decode(h);
  const claims = decode(p);
  const { clientId, clientSecret } = keys.clients;
  const secretOnTheWire = rawRequest.includes(clientSecret) || rawRequest.includes(encodeURIComponent(clientSecret));
  const check = (): string | null => {
    if (fields.get('client_assertion_type') !== JWT_BEARER) return `client_assertion_type is ${fields.get('client_assertion_type')}`;
    if (fields.get('grant_type') !== 'client_credentials') return 'grant_type is not client_credentials';
    if (fields.has('client_secret')) return 'client_secret sent along with an assertion';
    if (!header || !claims || s === undefined) return 'client_assertion is not a compact JWS';
    if (!signatureValid(String(header.alg), header.kid, `${h}.${p}`, Buffer.from(s, 'base64url'), keys)) return `bad ${String(header.alg)} signature`;
    if (claims.iss !== clientId || claims.sub !== clientId) return `iss/sub are ${String(claims.iss)}/${String(claims.sub)}`;
    if (fields.has('client_id') && fields.get('client_id') !== clientId) return 'client_id does not match';
    if (claims.aud !== endpoint && !(Array.isArray(claims.aud) && claims.aud.includes(endpoint))) return `aud is ${JSON.stringify(claims.aud)}`;
    const now = Date.now() / 1000;
    if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') return 'exp or iat missing';
    if (claims.exp <= now || claims.iat > now + 60 || claims.exp - claims.iat > 300) return `bad times iat=${claims.iat} exp=${claims.exp}`;
    if (typeof claims.jti !== 'string' || claims.jti === '') return 'jti missing';
    if (seenJti.has(claims.jti)) return `jti ${claims.jti} replayed`;
    seenJti.add(claims.jti);
    if (secretOnTheWire) return 'the client secret was on the wire';
    return null;
  };
  return { header, claims, problem: check(), secretOnTheWire };
}

function signatureValid(alg: string, kid: unknown, input: string, signature: Buffer, keys: JwtKeys): boolean {
  const data = Buffer.from(input);
  if (/^HS(256|384|512)$/.test(alg)) {
    const expected = createHmac(`sha${alg.slice(2)}`, keys.clients.clientSecret).update(data).digest();
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  }
  // Without a kid, any registered key may have signed (as servers with one key per client do).
  const candidates = typeof kid === 'string' ? [keys.publicKeys.get(kid)] : [...keys.publicKeys.values()];
  return candidates.some((key) => key !== undefined && verifyWith(alg, key, data, signature));
}

function verifyWith(alg: string, key: KeyObject, data: Buffer, signature: Buffer): boolean {
  if (alg === 'RS256') return key.asymmetricKeyType === 'rsa' && verify('sha256', data, key, signature);
  if (alg === 'PS256') {
    return key.asymmetricKeyType === 'rsa' && verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
  }
  if (alg === 'ES256') return key.asymmetricKeyType === 'ec' && verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  return false;
}
