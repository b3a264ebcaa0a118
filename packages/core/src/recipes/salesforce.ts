import { clientCredentials, type Grant } from '../request/grant.js';
import { baseUrl } from './origin.js';

/**
 * The lifetime tok assumes for a Salesforce token: Salesforce sends no `expires_in`; a token lives
 * as long as the org's session timeout, which is two hours unless an admin changed it. A token that
 * dies sooner gets a 401, which tok answers with a new token.
 *
 * @see {@link salesforce}, whose `sessionTimeoutMs` defaults to it
 * @example
 * ```ts
 * SALESFORCE_SESSION_TIMEOUT_MS; // 7_200_000: two hours
 * // An org whose admin set the session timeout to 30 minutes:
 * const grant = salesforce({ domain: 'acme.my.salesforce.com', clientId, clientSecret, sessionTimeoutMs: 30 * 60 * 1000 });
 * ```
 */
export const SALESFORCE_SESSION_TIMEOUT_MS = 2 * 60 * 60 * 1000;

/** Options of {@link salesforce}. */
export interface SalesforceOptions {
  /** The org's My Domain: `acme.my.salesforce.com` (`test.salesforce.com` style hosts for sandboxes). */
  domain: string;
  /** The external client app's consumer key. */
  clientId: string;
  /** The consumer secret. */
  clientSecret: string;
  /** The org's session timeout, if an admin set one. Default {@link SALESFORCE_SESSION_TIMEOUT_MS}. */
  sessionTimeoutMs?: number | undefined;
}

/**
 * A grant for Salesforce's client-credentials flow: a form body with `client_id` and
 * `client_secret` to `https://<My Domain>/services/oauth2/token`. The answer has no `expires_in`,
 * so the token's lifetime is the org's session timeout (two hours by default).
 *
 * @see https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm
 * @example
 * ```ts
 * const grant = salesforce({ domain: 'acme.my.salesforce.com', clientId, clientSecret });
 * ```
 */
export function salesforce(options: SalesforceOptions): Grant {
  return clientCredentials({
    tokenUrl: `${baseUrl('domain', options.domain)}/services/oauth2/token`,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    placement: 'form',
    defaultLifetimeMs: options.sessionTimeoutMs ?? SALESFORCE_SESSION_TIMEOUT_MS,
  });
}
