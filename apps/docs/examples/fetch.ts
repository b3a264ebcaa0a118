import { createTokenSource, fetchTransport, tokenRoute } from '@tok/core';
import { withToken } from '@tok/fetch';
import { fromResponse, type LiveExample } from './types';

// #region example
// In the browser the token comes from your backend's route: it holds the client secret and asks
// the authorization server. tokenRoute sends no credentials, so none of that code is bundled.
const grant = tokenRoute('/api/token');

// Optional: pass `grant` straight to withToken and it makes this source itself. Holding it
// lets you share one token between clients (and lets this page show the token).
const source = createTokenSource(grant, { transport: fetchTransport(fetch) });

// The token goes to this page's origin only, and never to /api/token itself.
const api = withToken(fetch, source, { origins: [location.origin] });

export function listOpenOrders(): Promise<Response> {
  // Use absolute URLs: tok checks the origin before it attaches the token.
  return api(new URL('/api/demo/orders?status=open', location.origin));
}
// #endregion example

export default {
  grant,
  source,
  call: async () => fromResponse('GET', new URL('/api/demo/orders?status=open', location.origin), await listOpenOrders()),
} satisfies LiveExample;
