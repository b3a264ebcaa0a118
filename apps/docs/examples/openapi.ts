import { createTokenSource, fetchTransport, tokenRoute } from '@tok/core';
import { withToken } from '@tok/fetch';
import createClient from 'openapi-fetch';
import type { paths } from '../generated/demo-api';
import type { LiveExample } from './types';

// #region example
// `paths` is generated from the API's OpenAPI document by openapi-typescript.
const grant = tokenRoute('/api/token');
const source = createTokenSource(grant, { transport: fetchTransport(fetch) });

const client = createClient<paths>({
  baseUrl: `${location.origin}/api/demo`,
  // openapi-fetch sends every request through this fetch: tok's, with the token.
  fetch: withToken(fetch, source, { origins: [location.origin] }),
});

export async function getOrder(orderId: string) {
  const { data, error, response } = await client.GET('/orders/{orderId}', { params: { path: { orderId } } });
  return { status: response.status, order: data, error }; // `data` is typed from the OpenAPI document
}
// #endregion example

export default {
  grant,
  source,
  async call() {
    const { status, order, error } = await getOrder('A-1001');
    return { method: 'GET', url: '/api/demo/orders/A-1001', status, body: order ?? error };
  },
} satisfies LiveExample;
