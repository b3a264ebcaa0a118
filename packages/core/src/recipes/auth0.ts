import { clientCredentials, type Grant } from '../request/grant.js';
import { requireString } from '../request/validate.js';
import { baseUrl } from './origin.js';

/** Options of {@link auth0}. */
export interface Auth0Options {
  /** The tenant's domain (`acme.eu.auth0.com`) or custom domain; a URL is accepted too. */
  domain: string;
  clientId: string;
  clientSecret: string;
  /** The API identifier: Auth0 requires it for client credentials. */
  audience: string;
  scope?: string | readonly string[] | undefined;
}

/**
 * A grant for Auth0's client-credentials flow: a JSON body to `https://<domain>/oauth/token` with
 * `client_id`, `client_secret` and the required `audience`.
 *
 * @see https://auth0.com/docs/get-started/authentication-and-authorization-flow/client-credentials-flow/call-your-api-using-the-client-credentials-flow
 * @example
 * ```ts
 * const grant = auth0({ domain: 'acme.eu.auth0.com', clientId, clientSecret, audience: 'https://api.acme.com' });
 * ```
 */
export function auth0(options: Auth0Options): Grant {
  return clientCredentials({
    tokenUrl: `${baseUrl('domain', options.domain)}/oauth/token`,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    placement: 'json',
    audience: requireString('audience', options.audience),
    scope: options.scope,
  });
}
