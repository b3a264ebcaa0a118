import { type ClientAuthentication, isClientAuthentication } from '../client-auth/clientAuthentication.js';
import { ConfigError } from '../errors/ConfigError.js';
import { type Placement, placements, usesBasic } from '../client-auth/placement.js';
import { redactedValues } from '../redaction/redact.js';
import { Secret } from './secret.js';
import { tokenEndpoint } from './tokenUrl.js';
import {
  describe,
  requireCredentialText,
  requireHeaderName,
  requireHeaderValue,
  requireNumber,
  requireString,
  resourceUris,
  scopeTokens,
  stringRecord,
} from './validate.js';

/** Options of {@link clientCredentials}. */
export interface ClientCredentialsOptions {
  /**
   * The token endpoint: `https://…`, `http://` on loopback, or a same-origin path (`/api/token`).
   * Required unless `issuer` is given.
   */
  tokenUrl?: string | URL | undefined;
  /**
   * Instead of `tokenUrl`: the authorization server's issuer identifier, exactly as its metadata
   * names it. The token source reads the token endpoint (and, without a `placement`, the
   * authentication methods) from its RFC 8414 / OpenID Connect Discovery metadata, once.
   */
  issuer?: string | URL | undefined;
  /** Required unless `placement` is `'none'`. */
  clientId?: string | undefined;
  /** Required unless `placement` is `'none'`. Kept as a {@link Secret}: it never prints. */
  clientSecret?: string | Secret | undefined;
  /**
   * Where the credentials go: a {@link Placement} name, `'auto'` (try `basic`, fall back to `form`
   * on `invalid_client`, remember the winner), or a signing method such as `privateKeyJwt(…)` or
   * `clientSecretJwt()`. Default `'basic'` (RFC 6749 §2.3.1); with `issuer`, default `'auto'`
   * narrowed to what the server's metadata lists.
   */
  placement?: GrantPlacement | undefined;
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
  /**
   * Extra headers on the token request. They may hold an API key or your own `Authorization`, so
   * the grant prints each value as `[redacted]` (names kept), like the secret.
   */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Allow `http://` to a host that is not loopback. */
  allowInsecure?: boolean | undefined;
  /**
   * Lifetime assumed when the server sends no `expires_in` and the token is no JWT with `exp`
   * (Salesforce). Default: the token source's `parse.defaultLifetimeMs`, else one hour.
   */
  defaultLifetimeMs?: number | undefined;
}

/** What a grant's `placement` can be: a {@link Placement} name, `'auto'`, or a {@link ClientAuthentication}. */
export type GrantPlacement = Placement | 'auto' | ClientAuthentication;

/** A validated client-credentials grant: what {@link buildTokenRequest} turns into a request. */
export interface Grant {
  /** `undefined` when the grant has an `issuer`: the token source discovers it. */
  readonly tokenUrl: string | undefined;
  /** The issuer whose metadata gives the token endpoint, when configured instead of `tokenUrl`. */
  readonly issuer?: string | undefined;
  readonly clientId: string | undefined;
  readonly clientSecret: Secret | undefined;
  readonly placement: GrantPlacement;
  readonly grantType: string;
  readonly scope: readonly string[];
  readonly audience: string | undefined;
  readonly resource: readonly string[];
  readonly params: Readonly<Record<string, string>>;
  /** Sent as they are; printed (`JSON.stringify`, `util.inspect`) with every value `[redacted]`. */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether `http://` to a host that is not loopback is allowed (also for a discovered endpoint). */
  readonly allowInsecure?: boolean | undefined;
  /** See {@link ClientCredentialsOptions.defaultLifetimeMs}. */
  readonly defaultLifetimeMs?: number | undefined;
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
  const allowInsecure = options.allowInsecure === true;
  const { tokenUrl, issuer } = endpoint(options, allowInsecure);
  const placement = options.placement ?? (issuer === undefined ? 'basic' : 'auto');
  if (!isClientAuthentication(placement) && placement !== 'auto' && !placements.includes(placement)) {
    const choices = [...placements, 'auto'].join(', ');
    throw new ConfigError('placement', `${typeof placement === 'string' ? `"${placement}"` : describe(placement)} is not one of ${choices}, privateKeyJwt(…) or clientSecretJwt()`);
  }
  const isPublic = placement === 'none';
  const clientId =
    isPublic && options.clientId === undefined ? undefined : credential('clientId', requireString('clientId', options.clientId), placement);
  const sendsNoSecret = isPublic || (isClientAuthentication(placement) && !placement.usesSecret);
  const clientSecret = sendsNoSecret ? rejectSecret(options.clientSecret, placement) : secret(options.clientSecret, placement);
  const headers = stringRecord('headers', options.headers);
  for (const [name, value] of Object.entries(headers)) {
    requireHeaderName(`headers.${name}`, name);
    requireHeaderValue(`headers.${name}`, value);
    const lower = name.toLowerCase();
    // Taken by the method that prints the values redacted (see redactedValues).
    if (name === 'toJSON') throw new ConfigError(`headers.${name}`, 'is reserved; tok prints headers through it');
    if (lower === 'content-type') throw new ConfigError(`headers.${name}`, 'is set by placement; use placement "json" or "form" to choose the body');
    if (lower === 'authorization' && typeof placement === 'string' && (placement === 'auto' || usesBasic(placement))) {
      throw new ConfigError(`headers.${name}`, `placement "${placement}" writes Authorization; choose placement "form" or "json" to send your own`);
    }
  }
  const params = stringRecord('params', options.params);
  for (const key of Object.keys(params)) {
    const instead = RESERVED_PARAMS[key];
    if (instead) throw new ConfigError(`params.${key}`, `is written by tok; use the ${instead} option instead`);
  }
  return Object.freeze({
    tokenUrl,
    ...(issuer === undefined ? {} : { issuer }),
    clientId,
    clientSecret,
    placement,
    grantType: options.grantType === undefined ? 'client_credentials' : requireString('grantType', options.grantType),
    scope: Object.freeze(scopeTokens(options.scope)),
    audience: options.audience === undefined ? undefined : requireString('audience', options.audience),
    resource: Object.freeze(resourceUris(options.resource)),
    params: Object.freeze(params),
    headers: redactedValues(headers),
    ...(allowInsecure ? { allowInsecure } : {}),
    ...(options.defaultLifetimeMs === undefined ? {} : { defaultLifetimeMs: lifetimeMs(options.defaultLifetimeMs) }),
  });
}

// Exactly one of tokenUrl and issuer.
function endpoint(options: ClientCredentialsOptions, allowInsecure: boolean): { tokenUrl: string | undefined; issuer: string | undefined } {
  if (options.issuer === undefined) return { tokenUrl: tokenEndpoint(options.tokenUrl, allowInsecure), issuer: undefined };
  if (options.tokenUrl !== undefined) {
    throw new ConfigError('issuer', 'give either tokenUrl or issuer, not both: with issuer, tok reads the token endpoint from the server metadata');
  }
  return { tokenUrl: undefined, issuer: issuerIdentifier(options.issuer, allowInsecure) };
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

function lifetimeMs(value: unknown): number {
  return requireNumber('defaultLifetimeMs', value, 'a positive finite number of milliseconds', Number.MIN_VALUE);
}

function secret(value: unknown, placement: GrantPlacement): Secret {
  if (value instanceof Secret) return (credential('clientSecret', value.reveal(), placement), value);
  return new Secret(credential('clientSecret', requireString('clientSecret', value), placement));
}

/**
 * Every placement but `basic-raw` form-encodes the id and secret as UTF-8 (or writes them into JSON
 * or a signed assertion), so any text without control characters goes through. `basic-raw` writes
 * `id:secret` as typed: only printable ASCII survives every server's decoding, and an id with `:`
 * is cut at it (RFC 7617 §2). Messages give positions, never characters.
 */
function credential(option: 'clientId' | 'clientSecret', value: string, placement: GrantPlacement): string {
  requireCredentialText(option, value);
  if (placement !== 'basic-raw') return value;
  const at = value.search(/[^\x20-\x7e]/);
  if (at >= 0) {
    throw new ConfigError(
      option,
      `has a non-ASCII character at position ${at}; placement "basic-raw" sends base64(id:secret) as typed, and servers decode non-ASCII bytes there inconsistently. Use placement "basic" (form-encodes as UTF-8 first, RFC 6749 §2.3.1) or "form"`,
    );
  }
  if (option === 'clientId' && value.includes(':')) {
    throw new ConfigError(option, 'contains ":", which placement "basic-raw" cannot carry (RFC 7617 splits id and secret at the first ":"); use placement "basic" (sends it as %3A) or "form"');
  }
  return value;
}

function rejectSecret(value: unknown, placement: GrantPlacement): undefined {
  if (value === undefined) return undefined;
  if (isClientAuthentication(placement)) {
    throw new ConfigError('clientSecret', `${placement.method} signs with a private key and sends no secret; remove clientSecret`);
  }
  throw new ConfigError('clientSecret', 'placement "none" sends no secret; remove clientSecret, or choose a placement that sends it');
}

/**
 * `true` for a {@link Grant}: what {@link clientCredentials} (or a recipe built on it) returns, also
 * spread into a new object or made by another copy of tok. Told apart from the options object it is
 * made from by the fields only a grant has.
 */
export function isGrant(value: unknown): value is Grant {
  const grant = value as Partial<Grant> | null;
  return (
    typeof grant === 'object' &&
    grant !== null &&
    typeof grant.grantType === 'string' &&
    Array.isArray(grant.scope) &&
    Array.isArray(grant.resource) &&
    (grant.clientSecret === undefined || typeof grant.clientSecret.reveal === 'function')
  );
}

/**
 * What was given where a grant was expected, and how to fix it, for a {@link ConfigError}: option
 * names only, never values.
 */
export function notAGrant(value: unknown): string {
  if (typeof value !== 'object' || value === null) return `got ${describe(value)}`;
  if (typeof (value as { then?: unknown }).then === 'function') return 'got a promise; await it first';
  if (typeof (value as { getToken?: unknown }).getToken === 'function') return 'got a token source, which makes tokens itself: use it as it is';
  const keys = Object.keys(value);
  const known = keys.filter((key) => key === 'tokenUrl' || key === 'issuer' || key === 'clientId' || key === 'clientSecret');
  if (known.length > 0) return `got a plain object with ${known.join(', ')}: wrap it, clientCredentials({ ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''} })`;
  return `got an object with ${keys.length === 0 ? 'no fields' : keys.slice(0, 6).join(', ')}`;
}
