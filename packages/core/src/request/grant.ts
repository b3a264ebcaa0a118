import type { ClientAuthentication } from '../client-auth/clientAuthentication.js';
import { isClientAuthentication } from '../client-auth/clientAuthentication.js';
import { type Placement, placements, placementStrategies } from '../client-auth/placement.js';
import type { Discovery } from '../discovery/discover.js';
import { ConfigError } from '../errors/ConfigError.js';
import { hintPlacement, isOAuthError } from '../errors/OAuthError.js';
import { redactedValues } from '../redaction/redact.js';
import { requestSecrets, scrubError } from '../redaction/scrub.js';
import { parseTokenResponse } from '../response/response.js';
import type { Token } from '../response/token.js';
import type { GrantIo, TokenGrant } from '../source/grant.js';
import { tokenCacheKey } from '../source/store.js';
import { finishRequest, type GrantData, type GrantPlacement, startRequest, strategyOf } from './request.js';
import { Secret } from './secret.js';
import { tokenEndpoint } from './tokenUrl.js';
import {
  describe,
  requireCredentialText,
  requireHeaderName,
  requireHeaderValue,
  requireNumber,
  rejectUnknownOptions,
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
   * Instead of `tokenUrl`: `discover('https://auth.example.com')`, the authorization server whose
   * RFC 8414 / OpenID Connect Discovery metadata gives the token endpoint (and, with
   * `placement: auto()`, the authentication methods). Read once, on the first token request. A
   * string is refused with the fix: `discover(…)` keeps discovery out of bundles that do not use it.
   */
  issuer?: Discovery | undefined;
  /** Required unless `placement` is `'none'`. */
  clientId?: string | undefined;
  /** Required unless `placement` is `'none'` or `privateKeyJwt(…)`. Kept as a {@link Secret}: it never prints. */
  clientSecret?: string | Secret | undefined;
  /**
   * How the client authenticates: a {@link Placement} name (where the secret goes), `auto()` (try
   * `basic`, fall back to `form` on `invalid_client`, remember the winner), or a signing method such
   * as `privateKeyJwt(…)` or `clientSecretJwt()`. Default `'basic'` (RFC 6749 §2.3.1); with
   * `issuer: discover(…)`, `auto()` narrowed to what the server's metadata lists.
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
  /** Allow `http://` to a host that is not loopback (also for a discovered token endpoint). */
  allowInsecure?: boolean | undefined;
  /**
   * Lifetime assumed when the server sends no `expires_in` and the token is no JWT with `exp`
   * (Salesforce). Default: the token source's `parse.defaultLifetimeMs`, else one hour.
   */
  defaultLifetimeMs?: number | undefined;
}

export type { GrantPlacement } from './request.js';

/**
 * A validated client-credentials grant: its fields (what {@link buildTokenRequest} writes a
 * request from) and the {@link TokenGrant} a token source asks for tokens: each attempt writes a
 * fresh request (a new signed assertion), sends it, reads the answer, and scrubs this grant's
 * credentials from any failure.
 */
export interface Grant extends GrantData, TokenGrant {
  /** The token endpoint; for `issuer: discover(…)`, `undefined` until the metadata was read. */
  readonly tokenUrl: string | undefined;
  /** A SHA-256 of everything that decides which token the server issues: see `tokenCacheKey`. */
  cacheKey(): Promise<string>;
  requestToken(io: GrantIo): Promise<Token>;
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

const GRANT_OPTIONS = ['tokenUrl', 'issuer', 'clientId', 'clientSecret', 'placement', 'scope', 'audience', 'resource', 'grantType', 'params', 'headers', 'allowInsecure', 'defaultLifetimeMs'];

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
  rejectUnknownOptions('clientCredentials', options, GRANT_OPTIONS);
  const allowInsecure = options.allowInsecure === true;
  const discovery = issuerOf(options);
  const tokenUrl = discovery ? undefined : tokenEndpoint(options.tokenUrl, allowInsecure);
  const placement = options.placement ?? discovery?.defaultPlacement ?? 'basic';
  if (!isClientAuthentication(placement) && !placements.includes(placement)) {
    const given = typeof placement === 'string' ? `"${placement}"` : describe(placement);
    if (placement === ('auto' as never)) throw new ConfigError('placement', `"auto" is now written placement: auto() (import { auto } from '@tok/core'), so that negotiation is bundled only where it is used`);
    throw new ConfigError('placement', `${given} is not one of ${placements.join(', ')}, auto(), privateKeyJwt(…) or clientSecretJwt()`);
  }
  const strategy = strategyOf(placement);
  const isPublic = placement === 'none';
  const clientId = isPublic && options.clientId === undefined ? undefined : credential('clientId', requireString('clientId', options.clientId), strategy);
  const clientSecret = strategy.usesSecret ? secret(options.clientSecret, strategy) : rejectSecret(options.clientSecret, placement);
  const headers = stringRecord('headers', options.headers);
  for (const [name, value] of Object.entries(headers)) {
    requireHeaderName(`headers.${name}`, name);
    requireHeaderValue(`headers.${name}`, value);
    const lower = name.toLowerCase();
    // Taken by the method that prints the values redacted (see redactedValues).
    if (name === 'toJSON') throw new ConfigError(`headers.${name}`, 'is reserved; tok prints headers through it');
    if (lower === 'content-type') throw new ConfigError(`headers.${name}`, 'is set by placement; use placement "json" or "form" to choose the body');
    if (lower === 'authorization' && strategy.writesAuthorization) {
      throw new ConfigError(`headers.${name}`, `placement ${typeof placement === 'string' ? `"${placement}"` : String(placement)} writes Authorization; choose placement "form" or "json" to send your own`);
    }
  }
  const params = stringRecord('params', options.params);
  for (const key of Object.keys(params)) {
    const instead = RESERVED_PARAMS[key];
    if (instead) throw new ConfigError(`params.${key}`, `is written by tok; use the ${instead} option instead`);
  }
  const data: GrantData = {
    tokenUrl,
    ...(discovery ? { issuer: discovery.issuer } : {}),
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
  };

  // One attempt with one client authentication: a fresh request (a signed assertion is single-use),
  // sent, read, and scrubbed of this request's credentials when anything fails.
  async function attempt(io: GrantIo, url: string, auth: ClientAuthentication, name: string | undefined): Promise<Token> {
    const draft = startRequest(data);
    await auth.authenticate(draft, { clientId, clientSecret, tokenUrl: url, now: io.now(), jti: io.jti() });
    const request = finishRequest(data, url, draft);
    try {
      const requestedAt = io.now();
      const response = await io.send(request, 'token request');
      return parseTokenResponse(response, {
        ...io.parse,
        defaultLifetimeMs: io.parse?.defaultLifetimeMs ?? data.defaultLifetimeMs,
        requestedAt,
        receivedAt: io.now(),
      });
    } catch (error) {
      if (name !== undefined && isOAuthError(error)) hintPlacement(error, name);
      // A transport's error may hold the request (its Basic header, its body, an API key), and a
      // server may echo it in a refusal: only a scrubbed error goes on, to callers and to events.
      throw scrubError(error, requestSecrets(request));
    }
  }

  return Object.freeze({
    ...data,
    // Known once discovered, so that adapters never send the API token there.
    get tokenUrl() {
      return tokenUrl ?? discovery?.metadata?.tokenEndpoint;
    },
    cacheKey: () => tokenCacheKey(data),
    async requestToken(io: GrantIo) {
      const metadata = await discovery?.resolve(io.send, allowInsecure);
      const url = tokenUrl ?? (metadata?.tokenEndpoint as string);
      if (strategy.negotiate) {
        return strategy.negotiate({ key: `${url}\n${clientId}`, methods: metadata?.tokenEndpointAuthMethods }, (name) => attempt(io, url, placementStrategies[name], name));
      }
      return attempt(io, url, strategy, typeof placement === 'string' ? placement : undefined);
    },
  });
}

// `issuer: discover(…)`, or a ConfigError that says how to write what was given.
function issuerOf(options: ClientCredentialsOptions): Discovery | undefined {
  const { issuer } = options as { issuer?: unknown };
  if (issuer === undefined) return undefined;
  if (typeof issuer === 'string' || issuer instanceof URL) {
    const text = JSON.stringify(String(issuer));
    throw new ConfigError('issuer', `is now written issuer: discover(${text}) (import { discover } from '@tok/core'), so that discovery is bundled only where it is used`);
  }
  if (typeof (issuer as Partial<Discovery>).resolve !== 'function' || typeof (issuer as Partial<Discovery>).issuer !== 'string') {
    throw new ConfigError('issuer', `expected discover('https://…'), got ${describe(issuer)}`);
  }
  if (options.tokenUrl !== undefined) {
    throw new ConfigError('issuer', 'give either tokenUrl or issuer, not both: with issuer, tok reads the token endpoint from the server metadata');
  }
  return issuer as Discovery;
}

function lifetimeMs(value: unknown): number {
  return requireNumber('defaultLifetimeMs', value, 'a positive finite number of milliseconds', Number.MIN_VALUE);
}

function secret(value: unknown, strategy: ClientAuthentication): Secret {
  if (value instanceof Secret) return (credential('clientSecret', value.reveal(), strategy), value);
  return new Secret(credential('clientSecret', requireString('clientSecret', value), strategy));
}

/**
 * Every placement but `basic-raw` form-encodes the id and secret as UTF-8 (or writes them into JSON
 * or a signed assertion), so any text without control characters goes through; a strategy refuses
 * what it cannot carry (see `ClientAuthentication.check`). Messages give positions, never characters.
 */
function credential(option: 'clientId' | 'clientSecret', value: string, strategy: ClientAuthentication): string {
  requireCredentialText(option, value);
  strategy.check?.(option, value);
  return value;
}

function rejectSecret(value: unknown, placement: GrantPlacement): undefined {
  if (value === undefined) return undefined;
  if (typeof placement === 'object') {
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
