import { createTokenSource, tokenRoute } from '@tok/core';
import { axiosTransport, useToken } from '@tok/axios';
import axios from 'axios';
import type { LiveExample } from './types';

// #region example
// The browser's token comes from your backend's route, which holds the secret.
const grant = tokenRoute('/api/token');

const api = axios.create({ baseURL: `${location.origin}/api/demo` });

// Optional: useToken(api, grant) makes this source itself, sending token requests through `api`.
const source = createTokenSource(grant, { transport: axiosTransport(api) });

// Requests to the baseURL's origin get the token; useToken returns a function that removes it.
const eject = useToken(api, source);

export async function listOrders() {
  const { status, data } = await api.get('/orders'); // Authorization: Bearer <token>
  return { status, data };
}
// #endregion example

export { eject };
export default {
  grant,
  source,
  async call() {
    const { status, data } = await listOrders();
    return { method: 'GET', url: '/api/demo/orders', status, body: data };
  },
} satisfies LiveExample;
