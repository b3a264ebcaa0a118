import { clientCredentials, type Grant } from '../request/grant.js';
import { baseUrl, segment } from './origin.js';

/** Options of {@link keycloak}. */
export interface KeycloakOptions {
  /** The server's base URL: `https://sso.acme.com`, or `https://sso.acme.com/auth` before Keycloak 17. */
  url: string;
  realm: string;
  clientId: string;
  clientSecret: string;
  scope?: string | readonly string[] | undefined;
}

/**
 * A grant for a Keycloak realm: Basic client authentication (Keycloak's default
 * `client_secret_basic`) to `<url>/realms/<realm>/protocol/openid-connect/token`.
 *
 * @see https://www.keycloak.org/docs/latest/securing_apps/#_client_credentials_grant
 * @example
 * ```ts
 * const grant = keycloak({ url: 'https://sso.acme.com', realm: 'services', clientId, clientSecret });
 * ```
 */
export function keycloak(options: KeycloakOptions): Grant {
  return clientCredentials({
    tokenUrl: `${baseUrl('url', options.url)}/realms/${segment('realm', options.realm)}/protocol/openid-connect/token`,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    placement: 'basic',
    scope: options.scope,
  });
}
