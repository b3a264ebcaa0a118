import { createTokenSource, tokenRoute } from '@tok/core';
import { kyTransport, tokenHooks } from '@tok/ky';
import ky from 'ky';
import type { LiveExample } from './types';

// #region example
// The browser's token comes from your backend's route, which holds the secret.
const grant = tokenRoute('/api/token');

// Optional: tokenHooks(grant) makes this source itself, sending token requests through ky.
const source = createTokenSource(grant, { transport: kyTransport(ky) });

const api = ky.create({
  prefixUrl: `${location.origin}/api/demo`, // ky 2: `prefix`
  hooks: tokenHooks(source), // the token goes to the prefix's origin only
});

export async function createOrder(sku: string, quantity: number) {
  const response = await api.post('orders', { json: { sku, quantity } }); // Authorization: Bearer <token>
  return { status: response.status, data: await response.json() };
}
// #endregion example

export default {
  grant,
  source,
  async call() {
    const { status, data } = await createOrder('TOK-42', 2);
    return { method: 'POST', url: '/api/demo/orders', status, body: data };
  },
} satisfies LiveExample;
