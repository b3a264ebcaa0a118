import { createTokenSource, fetchTransport, tokenRoute } from '@tok/core';
import { withToken } from '@tok/fetch';
import { fromResponse, type LiveExample } from './types';

// A fetch that notes each exchange, so the panel can show what happened on the wire.
const trace: string[] = [];
const tracingFetch: typeof fetch = async (input, init) => {
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  const url = new URL(input instanceof Request ? input.url : String(input), location.origin);
  const response = await fetch(input, init);
  trace.push(`${method} ${url.pathname} → ${response.status}`);
  return response;
};

// #region example
const grant = tokenRoute('/api/token');
const source = createTokenSource(grant, { transport: fetchTransport(tracingFetch) });

// On a 401 the adapter drops the token that request used, gets a new one (one token request,
// however many requests failed) and sends the request once more.
const api = withToken(tracingFetch, source, { origins: [location.origin], retryOn401: 'any' });

export function listOrders(): Promise<Response> {
  return api(new URL('/api/demo/orders', location.origin));
}
// #endregion example

export default {
  grant,
  source,
  async call() {
    trace.length = 0;
    const response = await listOrders();
    return fromResponse('GET', new URL('/api/demo/orders', location.origin), response, [...trace]);
  },
} satisfies LiveExample;
