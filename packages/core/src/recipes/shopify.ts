import { clientCredentials, type Grant } from '../request/grant.js';
import { requireString } from '../request/validate.js';
import { baseUrl } from './origin.js';

/** Options of {@link shopify}. */
export interface ShopifyOptions {
  /** The store: `acme`, `acme.myshopify.com`, or a URL. */
  shop: string;
  clientId: string;
  clientSecret: string;
}

/**
 * A grant for Shopify's client-credentials grant (apps your organization owns, in its own stores):
 * a form body with `client_id` and `client_secret` to
 * `https://<shop>.myshopify.com/admin/oauth/access_token`. The answer has no `token_type` (tok
 * takes it as Bearer) and `expires_in` of about a day. The Admin API reads the token from the
 * `X-Shopify-Access-Token` header, so give the adapter `{ header: 'x-shopify-access-token', scheme: '' }`.
 *
 * @see https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant
 * @example
 * ```ts
 * const api = withToken(fetch, shopify({ shop: 'acme', clientId, clientSecret }), {
 *   origins: ['https://acme.myshopify.com'],
 *   header: 'x-shopify-access-token',
 *   scheme: '',
 * });
 * ```
 */
export function shopify(options: ShopifyOptions): Grant {
  const shop = requireString('shop', options.shop);
  const host = shop.includes('.') || shop.includes('://') ? shop : `${shop}.myshopify.com`;
  return clientCredentials({
    tokenUrl: `${baseUrl('shop', host)}/admin/oauth/access_token`,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    placement: 'form',
  });
}
