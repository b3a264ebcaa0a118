import { auto } from '../client-auth/autoPlacement.js';
import type { ClientAuthentication } from '../client-auth/clientAuthentication.js';
import { ErrorCode } from '../errors/codes.js';
import { ConfigError } from '../errors/ConfigError.js';
import { ResponseError } from '../errors/ResponseError.js';
import type { HttpRequest, TokenResponse } from '../http/types.js';
import { tokenEndpoint } from '../request/tokenUrl.js';
import { requireString } from '../request/validate.js';
import { metadataUrls, parseServerMetadata, type ServerMetadata } from './metadata.js';

/** Options of {@link discover}. */
export interface DiscoverOptions {
  /** Allow an `http://` issuer (and token endpoint) on a host that is not loopback. */
  allowInsecure?: boolean | undefined;
}

/**
 * An authorization server found through its metadata, for a grant's `issuer`: see {@link discover}.
 * It reads the metadata once, on the first token request, and again only after a failure.
 */
export interface Discovery {
  /** The issuer identifier, exactly as given (and as the metadata must repeat it). */
  readonly issuer: string;
  /** The metadata, once read. */
  readonly metadata: ServerMetadata | undefined;
  /**
   * The placement of a grant that names none: {@link auto}, which tries only the methods the
   * metadata lists (`client_secret_basic`, then `client_secret_post`).
   */
  readonly defaultPlacement: ClientAuthentication;
  /**
   * The metadata: read on the first call through `send` (RFC 8414's well-known URL, then OpenID
   * Connect Discovery's), shared by later calls, read again after a failure. `allowInsecure` also
   * admits an `http://` token endpoint on a host that is not loopback.
   */
  resolve(send: (request: HttpRequest, what: 'metadata request') => Promise<TokenResponse>, allowInsecure?: boolean): Promise<ServerMetadata>;
}

/**
 * Discovery for a grant: `clientCredentials({ issuer: discover('https://auth.example.com'), … })`
 * reads the token endpoint and the authentication methods from the server's RFC 8414 or OpenID
 * Connect Discovery metadata, once, and checks that the metadata names exactly this issuer. Without
 * a `placement`, the grant negotiates ({@link auto}) among the methods the metadata lists. A bundle that never calls `discover` carries none of this code. Throws a
 * {@link ConfigError} for an issuer that is not an `https://` URL (or `http://` on loopback, or with
 * `allowInsecure`) without query or fragment.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 * @example
 * ```ts
 * const grant = clientCredentials({
 *   issuer: discover('https://auth.example.com'),
 *   clientId: 'reports',
 *   clientSecret: process.env.CLIENT_SECRET,
 * });
 * ```
 */
export function discover(issuer: string | URL, options: DiscoverOptions = {}): Discovery {
  const allowInsecure = options.allowInsecure === true;
  const identifier = issuerIdentifier(issuer, allowInsecure);
  let metadata: ServerMetadata | undefined;
  let reading: Promise<ServerMetadata> | undefined;
  return Object.freeze({
    issuer: identifier,
    defaultPlacement: auto(),
    get metadata() {
      return metadata;
    },
    resolve(send: (request: HttpRequest, what: 'metadata request') => Promise<TokenResponse>, insecure?: boolean) {
      reading ??= read(identifier, allowInsecure || insecure === true, send).then(
        (found) => (metadata = found),
        (error: unknown) => {
          reading = undefined;
          throw error;
        },
      );
      return reading;
    },
    toJSON: () => ({ issuer: identifier }),
  });
}

/**
 * RFC 8414 §2: an https URL without query or fragment; kept as given, since metadata must repeat it
 * exactly. A URL object cannot tell `https://a.example` from `https://a.example/` (its `href` adds
 * the slash): tok takes the text without it, the usual form of an issuer.
 */
function issuerIdentifier(value: unknown, allowInsecure: boolean): string {
  const raw = value instanceof URL ? (value.pathname === '/' && !value.search && !value.hash ? value.origin : value.href) : requireString('issuer', value);
  if (raw.startsWith('/')) throw new ConfigError('issuer', `"${raw}" is a path; the issuer is an absolute URL such as https://auth.example.com`);
  tokenEndpoint(raw, allowInsecure, 'issuer');
  if (new URL(raw).search !== '') throw new ConfigError('issuer', 'must not contain a ?query (RFC 8414 §2)');
  return raw;
}

async function read(
  issuer: string,
  allowInsecure: boolean,
  send: (request: HttpRequest, what: 'metadata request') => Promise<TokenResponse>,
): Promise<ServerMetadata> {
  const [rfc8414, oidc] = metadataUrls(issuer) as [string, string];
  const get = (url: string) => send({ url, method: 'GET', headers: { accept: 'application/json' } }, 'metadata request');
  const first = await get(rfc8414);
  // A document that is there but wrong (another issuer) is final; only a missing one falls back.
  if (first.status >= 200 && first.status < 300 && isJsonObject(first.body)) return parseServerMetadata(first, { issuer, url: rfc8414, allowInsecure });
  const second = await get(oidc);
  if (second.status < 200 || second.status >= 300) {
    const message = `no authorization server metadata for issuer "${issuer}": ${rfc8414} answered ${first.status}, ${oidc} answered ${second.status}; check the issuer, or give tokenUrl instead`;
    throw new ResponseError(ErrorCode.HttpStatus, message, { status: second.status, body: second.body });
  }
  return parseServerMetadata(second, { issuer, url: oidc, allowInsecure });
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
