// README: useToken(axios.create({ baseURL }), clientCredentials(…)); origins default to baseURL.
// The token source is made here, with the transport useToken would use, so that the benchmark can
// call getToken() and read stats() on the very source the interceptors use.
import { clientCredentials, createTokenSource } from '@tok/core';
import { axiosTransport, useToken } from '@tok/axios';
import axios from 'axios';
import type { AxiosClient, Env } from './types.js';

export function createClient(env: Env): AxiosClient {
  const api = axios.create({ baseURL: env.apiOrigin, httpAgent: env.httpAgent });
  const grant = clientCredentials({ tokenUrl: env.tokenUrl, clientId: env.clientId, clientSecret: env.clientSecret });
  const source = createTokenSource(grant, { transport: axiosTransport(api) });
  useToken(api, source);
  return {
    axios: api,
    getToken: () => source.getToken(),
    waits: () => source.stats().waits,
    dispose: () => source.dispose(),
  };
}
