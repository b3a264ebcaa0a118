import { ConfigError } from '../errors/ConfigError.js';

const PKCS8 = /^-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END PRIVATE KEY-----$/;
const OTHER = /-----BEGIN ([A-Z0-9 ]+)-----/;

/**
 * The DER bytes of a PKCS#8 PEM private key (`-----BEGIN PRIVATE KEY-----`), for
 * `crypto.subtle.importKey('pkcs8', …)`. Other PEM types get a {@link ConfigError} that says how to
 * convert them; the message never contains key material.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7468#section-10
 * @example
 * ```ts
 * const der = pkcs8Der(readFileSync('client.key', 'utf8'));
 * ```
 */
export function pkcs8Der(pem: string, option = 'key'): Uint8Array<ArrayBuffer> {
  const match = PKCS8.exec(pem.trim());
  if (match?.[1] === undefined) {
    const label = OTHER.exec(pem)?.[1];
    const why = label === undefined ? 'is not a PEM key' : `is a "${label}" PEM`;
    const fix = label?.includes('ENCRYPTED')
      ? 'decrypt it first: openssl pkcs8 -in key.pem -out plain.pem'
      : 'convert it: openssl pkcs8 -topk8 -nocrypt -in key.pem -out pkcs8.pem, or pass the key as a JWK';
    throw new ConfigError(option, `${why}; tok reads PKCS#8 ("-----BEGIN PRIVATE KEY-----"): ${fix}`);
  }
  const binary = atob(match[1].replace(/\s+/g, ''));
  const der = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i);
  return der;
}
