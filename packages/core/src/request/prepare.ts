import { ConfigError } from '../errors/ConfigError.js';
import { finishRequest, type GrantData, requireTokenUrl, startRequest, strategyOf, type TokenRequest } from './request.js';

/** What {@link prepareTokenRequest} needs besides the grant: a clock reading and a fresh id. */
export interface PrepareContext {
  /** The current time in epoch milliseconds (the assertion's `iat`). */
  readonly now: number;
  /** A unique id for this request (the assertion's `jti`); never reuse one. */
  readonly jti: string;
}

/**
 * Builds the token request for any grant, including those whose `placement` signs each request
 * (`privateKeyJwt(…)`, `clientSecretJwt()`): the body gets `client_id`, `client_assertion_type` and a
 * freshly signed `client_assertion`. For a string placement it returns exactly
 * {@link buildTokenRequest}'s request. Call it once per attempt: each assertion is single-use.
 * Pure apart from WebCrypto: time and randomness come in through `context`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4.2
 * @example
 * ```ts
 * const request = await prepareTokenRequest(grant, { now: Date.now(), jti: crypto.randomUUID() });
 * const response = await fetch(request.url, request);
 * ```
 */
export async function prepareTokenRequest(grant: GrantData, context: PrepareContext): Promise<TokenRequest> {
  const strategy = strategyOf(grant.placement);
  if (strategy.negotiate) throw new ConfigError('placement', `${strategy.method} is negotiated by the token source; give prepareTokenRequest a grant with a concrete placement`);
  const tokenUrl = requireTokenUrl(grant.tokenUrl);
  const draft = startRequest(grant);
  await strategy.authenticate(draft, { clientId: grant.clientId, clientSecret: grant.clientSecret, tokenUrl, ...context });
  return finishRequest(grant, tokenUrl, draft);
}
