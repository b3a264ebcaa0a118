import { ConfigError } from '../errors/ConfigError.js';
import { clientCredentials, type Grant } from '../request/grant.js';
import { requireString } from '../request/validate.js';
import { baseUrl, segment } from './origin.js';

/** Options of {@link entraId}. */
export interface EntraIdOptions {
  /** The tenant id (a GUID) or a verified domain (`contoso.onmicrosoft.com`). */
  tenant: string;
  clientId: string;
  clientSecret: string;
  /**
   * The API, as its application ID URI or app id (`api://reports`, `https://graph.microsoft.com`):
   * tok asks for `<resource>/.default`. Or give `scope` as the full `…/.default` value instead.
   */
  resource?: string | undefined;
  /** `<resource>/.default`, the only scope form the client-credentials flow accepts. */
  scope?: string | undefined;
  /** Default `https://login.microsoftonline.com`; national clouds have their own (`https://login.microsoftonline.us`). */
  authority?: string | undefined;
}

/**
 * A grant for Microsoft Entra ID (v2.0 endpoint): a form body to
 * `<authority>/<tenant>/oauth2/v2.0/token` with `scope=<resource>/.default`. Named scopes
 * (`User.Read`, `api://x/read`) are refused here with the fix, since Entra ID refuses them for
 * this flow: application permissions are granted to the app, and `.default` asks for all of them.
 *
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow#first-case-access-token-request-with-a-shared-secret
 * @example
 * ```ts
 * const grant = entraId({ tenant: 'contoso.onmicrosoft.com', clientId, clientSecret, resource: 'https://graph.microsoft.com' });
 * ```
 */
export function entraId(options: EntraIdOptions): Grant {
  const authority = baseUrl('authority', options.authority ?? 'https://login.microsoftonline.com');
  return clientCredentials({
    tokenUrl: `${authority}/${segment('tenant', options.tenant)}/oauth2/v2.0/token`,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    placement: 'form',
    scope: defaultScope(options),
  });
}

function defaultScope({ resource, scope }: EntraIdOptions): string {
  if (resource !== undefined && scope !== undefined) throw new ConfigError('scope', 'give resource or scope, not both');
  if (resource !== undefined) {
    const base = requireString('resource', resource).replace(/\/+$/, '');
    if (base.endsWith('.default')) throw new ConfigError('resource', `"${resource}" already ends in .default; pass it as scope, or drop the suffix`);
    return `${base}/.default`;
  }
  const given = requireString('scope', scope);
  const tokens = given.split(' ').filter(Boolean);
  if (tokens.length !== 1 || !tokens[0]?.endsWith('/.default')) {
    throw new ConfigError(
      'scope',
      `"${given}" is not <resource>/.default: the client-credentials flow takes only the .default scope of one resource; grant the application permissions to the app in Entra ID, then ask for e.g. "api://my-api/.default" (or pass resource: "api://my-api")`,
    );
  }
  return given;
}
