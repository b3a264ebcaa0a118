/** A client id and secret, as a token server reads them. */
export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What an `Authorization: Basic` header holds, read both ways servers read it. */
export interface BasicCredentials {
  /**
   * Each part form-urldecoded, as RFC 6749 §2.3.1 specifies (`+` is a space, then percent-decoding);
   * `null` when a part is not valid form-urlencoding (e.g. a lone `%`).
   */
  readonly decoded: ClientCredentials | null;
  /** The parts as sent, not decoded (what Postman-style "raw" servers read). */
  readonly raw: ClientCredentials;
}

/**
 * Reads an `Authorization: Basic` header: base64 of `id:secret`, split at the first colon.
 * Returns `null` when the header is absent or is not Basic.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @see https://www.rfc-editor.org/rfc/rfc7617#section-2
 * @example
 * ```ts
 * parseBasic('Basic ' + btoa('my%20id:s%3Acret'));
 * // { decoded: { clientId: 'my id', clientSecret: 's:cret' }, raw: { clientId: 'my%20id', clientSecret: 's%3Acret' } }
 * ```
 */
export function parseBasic(header: string | undefined): BasicCredentials | null {
  const match = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header ?? '');
  if (match?.[1] === undefined) return null;
  const text = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const raw = { clientId: text.slice(0, colon), clientSecret: text.slice(colon + 1) };
  const clientId = formDecode(raw.clientId);
  const clientSecret = formDecode(raw.clientSecret);
  const decoded = clientId === null || clientSecret === null ? null : { clientId, clientSecret };
  return { decoded, raw };
}

// application/x-www-form-urlencoded decoding of one value (RFC 6749 Appendix B).
function formDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}
