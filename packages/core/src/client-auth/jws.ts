/** The JWS algorithms tok signs client assertions with, and their WebCrypto parameters. */
export const JWS_ALGORITHMS = {
  HS256: { name: 'HMAC', hash: 'SHA-256' },
  HS384: { name: 'HMAC', hash: 'SHA-384' },
  HS512: { name: 'HMAC', hash: 'SHA-512' },
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 },
  ES256: { name: 'ECDSA', hash: 'SHA-256', namedCurve: 'P-256' },
} as const;

export type JwsAlgorithm = keyof typeof JWS_ALGORITHMS;

import type { TokenRequestDraft } from './clientAuthentication.js';
import { ConfigError } from '../errors/ConfigError.js';

/** Client-assertion type of RFC 7523 §2.2. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * Signs a compact JWS with WebCrypto. ECDSA signatures come out of `crypto.subtle.sign` as `r‖s`,
 * which is already the JWS form (RFC 7518 §3.4), so no DER conversion is needed.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 * @example
 * ```ts
 * const jwt = await signJws({ alg: 'HS256' }, { sub: 'app' }, hmacKey);
 * ```
 */
export async function signJws(header: { alg: JwsAlgorithm; kid?: string | undefined }, payload: object, key: CryptoKey): Promise<string> {
  const protectedHeader = header.kid === undefined ? { alg: header.alg } : { alg: header.alg, kid: header.kid };
  const input = `${base64url(JSON.stringify(protectedHeader))}.${base64url(JSON.stringify(payload))}`;
  const { saltLength } = JWS_ALGORITHMS[header.alg] as { saltLength?: number };
  const params = { name: key.algorithm.name, hash: (JWS_ALGORITHMS[header.alg] as { hash: string }).hash, saltLength };
  const signature = await crypto.subtle.sign(params, key, new TextEncoder().encode(input));
  return `${input}.${base64url(new Uint8Array(signature))}`;
}

/**
 * Unpadded base64url of a UTF-8 string or of bytes.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-2
 * @example
 * ```ts
 * base64url('{"alg":"HS256"}'); // 'eyJhbGciOiJIUzI1NiJ9'
 * ```
 */
export function base64url(value: string | Uint8Array): string {
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The client id a signing method needs for `iss` and `sub`. */
export function assertionSubject(clientId: string | undefined, method: string): string {
  if (clientId === undefined) throw new ConfigError('clientId', `${method} needs the client id for iss and sub`);
  return clientId;
}

/** Writes `client_id` and a signed assertion into the body (RFC 7523 §2.2). */
export function writeAssertion(request: TokenRequestDraft, clientId: string, assertion: string): void {
  request.fields.push(['client_id', clientId], ['client_assertion_type', JWT_BEARER_ASSERTION], ['client_assertion', assertion]);
}
