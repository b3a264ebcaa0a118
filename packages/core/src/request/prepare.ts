import { isClientAuthentication } from '../client-auth/clientAuthentication.js';
import { ConfigError } from '../errors/ConfigError.js';
import type { Grant } from './grant.js';
import { buildTokenRequest, type TokenRequest } from './request.js';

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
export async function prepareTokenRequest(grant: Grant, context: PrepareContext): Promise<TokenRequest> {
  const { placement, clientId, tokenUrl } = grant;
  if (!isClientAuthentication(placement)) return buildTokenRequest(grant);
  if (clientId === undefined) throw new ConfigError('clientId', `${placement.method} needs the client id for iss and sub`);
  // The unsigned part is a public client's request: grant_type, client_id, scope, audience, resource, params.
  const request = buildTokenRequest({ ...grant, placement: 'none', clientSecret: undefined });
  const fields = await placement.authenticate({ clientId, clientSecret: grant.clientSecret, tokenUrl: request.url, now: context.now, jti: context.jti });
  return { ...request, body: `${request.body}&${new URLSearchParams(Object.entries(fields)).toString()}` };
}
