import type { ClientAuthentication, TokenRequestDraft } from '../client-auth/clientAuthentication.js';
import { type Placement, placementStrategies } from '../client-auth/placement.js';
import { ConfigError } from '../errors/ConfigError.js';
import type { Secret } from './secret.js';

export { formEncode } from '../client-auth/placement.js';

/** A token request as plain, serialisable data: what a transport sends. */
export interface TokenRequest {
  readonly url: string;
  readonly method: 'POST';
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * What a grant's `placement` can be: a {@link Placement} name, or a {@link ClientAuthentication}
 * strategy such as `privateKeyJwt(…)`, `clientSecretJwt()` or `auto()`.
 */
export type GrantPlacement = Placement | ClientAuthentication;

/** The fields of a client-credentials grant that a token request is written from (see `clientCredentials`). */
export interface GrantData {
  /** `undefined` when the grant discovers its token endpoint (`issuer: discover(…)`) and has not yet. */
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
  /** Lifetime assumed when the answer has none (see `ClientCredentialsOptions.defaultLifetimeMs`). */
  readonly defaultLifetimeMs?: number | undefined;
}

/**
 * Builds the token request for a grant: the body, the headers and the client authentication
 * its `placement` asks for. Pure: the same grant always gives the same request. For a placement
 * that signs (`privateKeyJwt(…)`, `clientSecretJwt()`) use {@link prepareTokenRequest}.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4.2
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @example
 * ```ts
 * const { url, method, headers, body } = buildTokenRequest(grant);
 * const response = await fetch(url, { method, headers, body });
 * ```
 */
export function buildTokenRequest(grant: GrantData): TokenRequest {
  const { placement } = grant;
  if (typeof placement !== 'string') {
    const why = placement.negotiate ? 'is negotiated by the token source; give buildTokenRequest a grant with a concrete placement' : 'may sign each request; use await prepareTokenRequest(grant, { now, jti })';
    throw new ConfigError('placement', `${placement.method} ${why}`);
  }
  const tokenUrl = requireTokenUrl(grant.tokenUrl);
  const draft = startRequest(grant);
  void placementStrategies[placement].authenticate(draft, { clientId: grant.clientId, clientSecret: grant.clientSecret, tokenUrl, now: 0, jti: '' });
  return finishRequest(grant, tokenUrl, draft);
}

/** The strategy a grant's placement stands for. */
export function strategyOf(placement: GrantPlacement): ClientAuthentication {
  return typeof placement === 'string' ? placementStrategies[placement] : placement;
}

export function requireTokenUrl(tokenUrl: string | undefined): string {
  if (tokenUrl === undefined) {
    throw new ConfigError('tokenUrl', 'this grant has an issuer and no token endpoint yet; a token source discovers it, or pass withServerMetadata(grant, metadata)');
  }
  return tokenUrl;
}

/** A request with `grant_type`, before client authentication writes into it. */
export function startRequest(grant: GrantData): TokenRequestDraft {
  return { headers: { accept: 'application/json' }, fields: [['grant_type', grant.grantType]] };
}

/** Adds what every request of the grant carries after its client authentication, and encodes the body. */
export function finishRequest(grant: GrantData, url: string, draft: TokenRequestDraft): TokenRequest {
  const { headers, fields } = draft;
  if (grant.scope.length > 0) fields.push(['scope', grant.scope.join(' ')]);
  if (grant.audience !== undefined) fields.push(['audience', grant.audience]);
  for (const resource of grant.resource) fields.push(['resource', resource]);
  fields.push(...Object.entries(grant.params));
  headers['content-type'] = draft.json ? 'application/json' : 'application/x-www-form-urlencoded';
  const body = draft.json ? JSON.stringify(jsonBody(fields)) : new URLSearchParams(fields).toString();
  for (const [name, value] of Object.entries(grant.headers)) headers[name.toLowerCase()] = value;
  return { url, method: 'POST', headers, body };
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
