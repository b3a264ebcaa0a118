// JSON Web Tokens as the authorization server reads and writes them, with node:crypto only: client
// assertions it verifies (RFC 7523) and the JWT access tokens it issues (RFC 9068).
import { constants, createHmac, createPublicKey, generateKeyPairSync, type KeyObject, randomUUID, sign, timingSafeEqual, verify, type VerifyKeyObjectInput } from 'node:crypto';
import type { ClientAuthMethod, PublicJwk, TokenClient } from './clientAuth.js';

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The algorithms client assertions may be signed with. */
export const ASSERTION_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'HS256', 'HS384', 'HS512'] as const;

// Leeway for clocks that disagree a little, in seconds.
const SKEW_S = 30;

/** What {@link verifyClientAssertion} found: the client and the method, or why it refuses. */
export type AssertionCheck = { readonly client: TokenClient; readonly method: Extract<ClientAuthMethod, 'private_key_jwt' | 'client_secret_jwt'> } | { readonly error: string };

/**
 * Verifies a client assertion as RFC 7523 §3 asks: a compact JWS whose signature checks out
 * against the client's registered public key (`private_key_jwt`) or its secret
 * (`client_secret_jwt`); `iss` and `sub` the client id; `aud` naming this server; `exp` in the
 * future; a `jti` not seen before.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 */
export function verifyClientAssertion(
  jws: string,
  context: { clients: readonly TokenClient[]; audiences: readonly string[]; seen: Set<string>; clientId: string | undefined },
): AssertionCheck {
  const parts = jws.split('.');
  if (parts.length !== 3) return { error: 'client_assertion is not a compact JWS' };
  const [encodedHeader = '', encodedPayload = '', encodedSignature = ''] = parts;
  const header = decodeJson(encodedHeader);
  const claims = decodeJson(encodedPayload);
  if (header === null || claims === null) return { error: 'client_assertion is not a JWS of JSON' };
  const alg = header.alg;
  if (typeof alg !== 'string' || !(ASSERTION_ALGORITHMS as readonly string[]).includes(alg)) return { error: `client_assertion alg must be one of ${ASSERTION_ALGORITHMS.join(', ')}` };
  const { iss, sub, aud, exp, jti } = claims;
  if (typeof sub !== 'string' || iss !== sub) return { error: 'client_assertion iss and sub must both be the client id' };
  if (context.clientId !== undefined && context.clientId !== sub) return { error: 'client_id does not match the client_assertion' };
  const client = context.clients.find((candidate) => candidate.clientId === sub);
  if (client === undefined) return { error: 'client authentication failed' };

  const method = alg.startsWith('HS') ? 'client_secret_jwt' : 'private_key_jwt';
  const input = Buffer.from(`${encodedHeader}.${encodedPayload}`);
  const signature = Buffer.from(encodedSignature, 'base64url');
  const valid = method === 'client_secret_jwt' ? checkHmac(alg, client.clientSecret, input, signature) : checkSignature(alg, header.kid, client, input, signature);
  if (!valid) return { error: 'client_assertion signature does not verify' };

  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.some((value) => typeof value === 'string' && context.audiences.includes(value))) return { error: 'client_assertion aud must name this server' };
  const now = Date.now() / 1000;
  if (typeof exp !== 'number' || exp + SKEW_S < now) return { error: 'client_assertion has expired' };
  if (typeof claims.nbf === 'number' && claims.nbf - SKEW_S > now) return { error: 'client_assertion is not valid yet' };
  if (typeof jti !== 'string' || jti === '') return { error: 'client_assertion needs a jti' };
  if (context.seen.has(`${sub}\n${jti}`)) return { error: 'client_assertion was used before (same jti)' };
  context.seen.add(`${sub}\n${jti}`);
  return { client, method };
}

function checkHmac(alg: string, secret: string | undefined, input: Buffer, signature: Buffer): boolean {
  if (secret === undefined) return false;
  const expected = createHmac(`sha${alg.slice(2)}`, secret).update(input).digest();
  return expected.length === signature.length && timingSafeEqual(expected, signature);
}

function checkSignature(alg: string, kid: unknown, client: TokenClient, input: Buffer, signature: Buffer): boolean {
  const candidates = (client.jwks?.keys ?? []).filter((jwk) => kid === undefined || (jwk as { kid?: unknown }).kid === kid);
  return candidates.some((jwk) => {
    try {
      return verify('sha256', input, verifyKey(alg, createPublicKey({ key: jwk as never, format: 'jwk' })), signature);
    } catch {
      return false; // a key of another type than alg needs
    }
  });
}

// How each algorithm's signature is laid out: JWS ES256 is r‖s (IEEE P1363), not DER; PS256 salts with 32 bytes.
function verifyKey(alg: string, key: KeyObject): KeyObject | VerifyKeyObjectInput {
  if (alg === 'ES256') return { key, dsaEncoding: 'ieee-p1363' };
  if (alg === 'PS256') return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  return key;
}

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The server's signing key for JWT access tokens, and its public JWK for `/jwks`. */
export interface SigningKey {
  readonly kid: string;
  readonly publicJwk: PublicJwk & { kty: string; kid: string; alg: 'ES256'; use: 'sig' };
  /** Signs `claims` as an RFC 9068 access token (`typ: at+jwt`). */
  sign(claims: Readonly<Record<string, unknown>>): string;
}

/** A fresh P-256 key, made per server: no key material is committed or shared between runs. */
export function newSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = randomUUID();
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return {
    kid,
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kty: 'EC', kid, alg: 'ES256', use: 'sig' },
    sign(claims) {
      const input = `${encode({ alg: 'ES256', typ: 'at+jwt', kid })}.${encode(claims)}`;
      const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
      return `${input}.${signature.toString('base64url')}`;
    },
  };
}
