import { ConfigError } from './errors/ConfigError.js';
import { type Placement, placements, usesBasic } from './placement.js';
import { Secret } from './secret.js';
import { tokenEndpoint } from './tokenUrl.js';
import { describe, requireString, requireVschar, resourceUris, scopeTokens, stringRecord } from './validate.js';

/** Options of {@link clientCredentials}. */
export interface ClientCredentialsOptions {
  /** The token endpoint: `https://…`, `http://` on loopback, or a same-origin path (`/api/token`). */
  tokenUrl: string | URL;
  /** Required unless `placement` is `'none'`. */
  clientId?: string | undefined;
  /** Required unless `placement` is `'none'`. Kept as a {@link Secret}: it never prints. */
  clientSecret?: string | Secret | undefined;
  /** Where the credentials go; see {@link Placement}. Default `'basic'` (RFC 6749 §2.3.1). */
  placement?: Placement | undefined;
  /** Scopes, as a list or one space-delimited string. */
  scope?: string | readonly string[] | undefined;
  /** The API the token is for, as Auth0 and others name it. */
  audience?: string | undefined;
  /** RFC 8707 resource indicators: absolute URIs. */
  resource?: string | readonly string[] | undefined;
  /** Default `client_credentials`; some servers document another value (`client-credentials`). */
  grantType?: string | undefined;
  /** Extra body fields the server requires. */
  params?: Readonly<Record<string, string>> | undefined;
  /** Extra headers on the token request. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Allow `http://` to a host that is not loopback. */
  allowInsecure?: boolean | undefined;
}

/** A validated client-credentials grant: what {@link buildTokenRequest} turns into a request. */
export interface Grant {
  readonly tokenUrl: string;
  readonly clientId: string | undefined;
  readonly clientSecret: Secret | undefined;
  readonly placement: Placement;
  readonly grantType: string;
  readonly scope: readonly string[];
  readonly audience: string | undefined;
  readonly resource: readonly string[];
  readonly params: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
}

// Body fields tok writes itself; `params` may not set them behind tok's back.
const RESERVED_PARAMS: Record<string, string> = {
  grant_type: 'grantType',
  client_id: 'clientId',
  client_secret: 'clientSecret',
  scope: 'scope',
  audience: 'audience',
  resource: 'resource',
};

/**
 * Validates client-credentials options and returns a frozen {@link Grant}. Throws a
 * {@link ConfigError} naming the option at fault; the secret is never part of a message.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 * @example
 * ```ts
 * const grant = clientCredentials({
 *   tokenUrl: 'https://auth.example.com/oauth/token',
 *   clientId: process.env.CLIENT_ID,
 *   clientSecret: process.env.CLIENT_SECRET,
 *   audience: 'https://api.example.com',
 * });
 * ```
 */
export function clientCredentials(options: ClientCredentialsOptions): Grant {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('options', `expected an object, got ${describe(options)}`);
  }
  const placement = options.placement ?? 'basic';
  if (!placements.includes(placement)) {
    throw new ConfigError('placement', `"${String(placement)}" is not one of ${placements.join(', ')}`);
  }
  const isPublic = placement === 'none';
  const clientId =
    isPublic && options.clientId === undefined ? undefined : requireVschar('clientId', requireString('clientId', options.clientId));
  const clientSecret = isPublic ? rejectSecret(options.clientSecret) : secret(options.clientSecret);
  const headers = stringRecord('headers', options.headers);
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'content-type') throw new ConfigError(`headers.${name}`, 'is set by placement; use placement "json" or "form" to choose the body');
    if (lower === 'authorization' && usesBasic(placement)) {
      throw new ConfigError(`headers.${name}`, `placement "${placement}" writes Authorization; choose placement "form" or "json" to send your own`);
    }
  }
  const params = stringRecord('params', options.params);
  for (const key of Object.keys(params)) {
    const instead = RESERVED_PARAMS[key];
    if (instead) throw new ConfigError(`params.${key}`, `is written by tok; use the ${instead} option instead`);
  }
  return Object.freeze({
    tokenUrl: tokenEndpoint(options.tokenUrl, options.allowInsecure === true),
    clientId,
    clientSecret,
    placement,
    grantType: options.grantType === undefined ? 'client_credentials' : requireString('grantType', options.grantType),
    scope: Object.freeze(scopeTokens(options.scope)),
    audience: options.audience === undefined ? undefined : requireString('audience', options.audience),
    resource: Object.freeze(resourceUris(options.resource)),
    params: Object.freeze(params),
    headers: Object.freeze(headers),
  });
}

function secret(value: unknown): Secret {
  if (value instanceof Secret) return (requireVschar('clientSecret', value.reveal()), value);
  return new Secret(requireVschar('clientSecret', requireString('clientSecret', value)));
}

function rejectSecret(value: unknown): undefined {
  if (value !== undefined) {
    throw new ConfigError('clientSecret', 'placement "none" sends no secret; remove clientSecret, or choose a placement that sends it');
  }
  return undefined;
}
