import type { TokenResponse } from '../http/types.js';
import { ErrorCode } from '../errors/codes.js';
import { ConfigError } from '../errors/ConfigError.js';
import { ResponseError } from '../errors/ResponseError.js';

import { tokenEndpoint } from '../request/tokenUrl.js';

/** What tok reads from an authorization server's metadata. */
export interface ServerMetadata {
  readonly issuer: string;
  readonly tokenEndpoint: string;
  /**
   * `token_endpoint_auth_methods_supported`; when the server leaves it out, RFC 8414 §2's default
   * `['client_secret_basic']`.
   */
  readonly tokenEndpointAuthMethods: readonly string[];
  /** `token_endpoint_auth_signing_alg_values_supported`, when given. */
  readonly tokenEndpointAuthSigningAlgs: readonly string[] | undefined;
  /** The whole document, for server-specific fields. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/**
 * Where an issuer's metadata lives, in the order tok asks: RFC 8414's
 * `/.well-known/oauth-authorization-server` (inserted before the issuer's path), then OpenID
 * Connect Discovery's `/.well-known/openid-configuration` (appended to it).
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.1
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationRequest
 * @example
 * ```ts
 * metadataUrls('https://auth.example.com/tenant1');
 * // ['https://auth.example.com/.well-known/oauth-authorization-server/tenant1',
 * //  'https://auth.example.com/tenant1/.well-known/openid-configuration']
 * ```
 */
export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return [`${url.origin}/.well-known/oauth-authorization-server${path}`, `${url.origin}${path}/.well-known/openid-configuration`];
}

/**
 * Reads an authorization server metadata document: the `issuer` must be exactly the one
 * configured (RFC 8414 §3.3, so a document cannot speak for another server), `token_endpoint` must
 * be a usable URL, and the lists must be lists of strings. Anything else is a
 * {@link ResponseError} (`TOK_INVALID_RESPONSE`, or `TOK_HTTP_STATUS` for a non-2xx) that names the
 * URL and the field.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.2
 * @example
 * ```ts
 * const metadata = parseServerMetadata(response, { issuer: 'https://auth.example.com', url });
 * metadata.tokenEndpoint; // 'https://auth.example.com/oauth/token'
 * ```
 */
export function parseServerMetadata(
  response: TokenResponse,
  options: { issuer: string; url: string; allowInsecure?: boolean | undefined },
): ServerMetadata {
  const { status } = response;
  const where = `authorization server metadata at ${options.url}`;
  if (status < 200 || status >= 300) {
    throw new ResponseError(ErrorCode.HttpStatus, `${where} answered ${status}; is issuer "${options.issuer}" right?`, { status, body: response.body });
  }
  const bad = (why: string) => new ResponseError(ErrorCode.InvalidResponse, `${where} ${why}`, { status, body: response.body });
  let doc: unknown;
  try {
    doc = JSON.parse(response.body);
  } catch {
    throw bad('is not JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad('is not a JSON object');
  const raw = doc as Record<string, unknown>;
  if (raw.issuer !== options.issuer) {
    const said = typeof raw.issuer === 'string' ? `"${raw.issuer}"` : 'no issuer';
    // A trailing slash is the usual difference (Auth0 names itself with one; URL objects add one).
    const slash = typeof raw.issuer === 'string' && raw.issuer.replace(/\/$/, '') === options.issuer.replace(/\/$/, '') ? `, which differs only by the trailing slash: give discover(${said})` : '';
    throw bad(`names ${said}, not the configured issuer "${options.issuer}" (RFC 8414 §3.3 wants them identical; configure issuer exactly as the server names itself${slash})`);
  }
  if (typeof raw.token_endpoint !== 'string') throw bad('has no token_endpoint: this server does not issue tokens at an endpoint tok can call');
  let endpoint: string;
  try {
    endpoint = tokenEndpoint(raw.token_endpoint, options.allowInsecure === true, 'token_endpoint');
  } catch (error) {
    throw bad(`has an unusable token_endpoint: ${error instanceof ConfigError ? error.message : String(error)}`);
  }
  if (endpoint.startsWith('/')) throw bad(`has a relative token_endpoint "${endpoint}"; RFC 8414 wants an absolute URL`);
  return {
    issuer: options.issuer,
    tokenEndpoint: endpoint,
    tokenEndpointAuthMethods: stringList(raw, 'token_endpoint_auth_methods_supported', bad) ?? ['client_secret_basic'],
    tokenEndpointAuthSigningAlgs: stringList(raw, 'token_endpoint_auth_signing_alg_values_supported', bad),
    raw,
  };
}

function stringList(doc: Record<string, unknown>, field: string, bad: (why: string) => Error): readonly string[] | undefined {
  const value = doc[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw bad(`has a ${field} that is not a list of strings`);
  return value;
}
