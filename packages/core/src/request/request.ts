import { ConfigError } from '../errors/ConfigError.js';
import type { Grant } from './grant.js';

/** A token request as plain, serialisable data: what a transport sends. */
export interface TokenRequest {
  readonly url: string;
  readonly method: 'POST';
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Builds the token request for a grant: the body, the headers and the client authentication
 * its `placement` asks for. Pure: the same grant always gives the same request.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4.2
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @example
 * ```ts
 * const { url, method, headers, body } = buildTokenRequest(grant);
 * const response = await fetch(url, { method, headers, body });
 * ```
 */
export function buildTokenRequest(grant: Grant): TokenRequest {
  const { placement, clientId, tokenUrl } = grant;
  if (typeof placement !== 'string') {
    throw new ConfigError('placement', `${placement.method} signs each request; use await prepareTokenRequest(grant, { now, jti })`);
  }
  if (placement === 'auto') {
    throw new ConfigError('placement', '"auto" is negotiated by createTokenSource; give buildTokenRequest a grant with a concrete placement');
  }
  if (tokenUrl === undefined) {
    throw new ConfigError('tokenUrl', 'this grant has an issuer and no token endpoint yet; createTokenSource discovers it, or pass withServerMetadata(grant, metadata)');
  }
  const secret = grant.clientSecret?.reveal();
  const fields: [string, string][] = [['grant_type', grant.grantType]];
  const headers: Record<string, string> = { accept: 'application/json' };

  if (placement === 'form' || placement === 'json' || placement === 'none' || placement === 'basic-with-client-id') {
    if (clientId !== undefined) fields.push(['client_id', clientId]);
  }
  if ((placement === 'form' || placement === 'json') && secret !== undefined) fields.push(['client_secret', secret]);
  if (placement.startsWith('basic') && clientId !== undefined && secret !== undefined) {
    const encode = placement === 'basic-raw' ? (s: string) => s : formEncode;
    headers.authorization = `Basic ${btoa(`${encode(clientId)}:${encode(secret)}`)}`;
  }
  if (grant.scope.length > 0) fields.push(['scope', grant.scope.join(' ')]);
  if (grant.audience !== undefined) fields.push(['audience', grant.audience]);
  for (const resource of grant.resource) fields.push(['resource', resource]);
  fields.push(...Object.entries(grant.params));

  let body: string;
  if (placement === 'json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(jsonBody(fields));
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(fields).toString();
  }
  for (const [name, value] of Object.entries(grant.headers)) headers[name.toLowerCase()] = value;
  return { url: tokenUrl, method: 'POST', headers, body };
}

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

// Repeated fields (several `resource`s) become an array in JSON.
function jsonBody(fields: [string, string][]): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  for (const [key, value] of fields) {
    const prior = body[key];
    body[key] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
  }
  return body;
}
