import { clientCredentials, type Grant } from '../request/grant.js';
import { baseUrl } from './origin.js';

/** Options of {@link cognito}. */
export interface CognitoOptions {
  /** The user pool domain: `<prefix>.auth.<region>.amazoncognito.com`, or a custom domain. */
  domain: string;
  clientId: string;
  clientSecret: string;
  /** Custom scopes, `<resource server identifier>/<scope>`. Default: all the app client may have. */
  scope?: string | readonly string[] | undefined;
}

/**
 * A grant for an Amazon Cognito user pool's token endpoint, `https://<domain>/oauth2/token`, with
 * the secret in `Authorization: Basic`, as Cognito requires of app clients that have one.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
 * @example
 * ```ts
 * const grant = cognito({ domain: 'acme.auth.eu-west-1.amazoncognito.com', clientId, clientSecret, scope: 'orders/read' });
 * ```
 */
export function cognito(options: CognitoOptions): Grant {
  return clientCredentials({
    tokenUrl: `${baseUrl('domain', options.domain)}/oauth2/token`,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    placement: 'basic',
    scope: options.scope,
  });
}
