import { ConfigError } from '../errors/ConfigError.js';
import { clientCredentials, type Grant } from '../request/grant.js';
import { scopeTokens } from '../request/validate.js';
import { baseUrl, segment } from './origin.js';

/** Options of {@link okta}. */
export interface OktaOptions {
  /** The Okta domain: `acme.okta.com`, or a custom domain. */
  domain: string;
  /** The custom authorization server's id. Default `default`. */
  authorizationServerId?: string | undefined;
  clientId: string;
  clientSecret: string;
  /** At least one custom scope of that authorization server: Okta requires it. */
  scope: string | readonly string[];
}

/**
 * A grant for an Okta custom authorization server: Basic client authentication to
 * `https://<domain>/oauth2/<authorizationServerId>/v1/token`, with the custom scopes Okta requires
 * for this flow (a request without one is refused, so tok refuses it first).
 *
 * @see https://developer.okta.com/docs/guides/implement-grant-type/clientcreds/main/
 * @example
 * ```ts
 * const grant = okta({ domain: 'acme.okta.com', clientId, clientSecret, scope: 'orders:read' });
 * ```
 */
export function okta(options: OktaOptions): Grant {
  const scope = scopeTokens(options.scope);
  if (scope.length === 0) {
    throw new ConfigError('scope', 'Okta needs at least one custom scope for client credentials; create one on the authorization server and ask for it');
  }
  const server = segment('authorizationServerId', options.authorizationServerId ?? 'default');
  return clientCredentials({
    tokenUrl: `${baseUrl('domain', options.domain)}/oauth2/${server}/v1/token`,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    placement: 'basic',
    scope,
  });
}
