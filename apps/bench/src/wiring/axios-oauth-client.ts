// READMEs: axios-oauth-client's clientCredentials(axios, url, id, secret) as the token getter,
// axios-token-interceptor's tokenCache (getMaxAge from expires_in) and request interceptor.
import axios from 'axios';
import { clientCredentials } from 'axios-oauth-client';
import tokenProvider from 'axios-token-interceptor';
import type { AxiosClient, Env } from './types.js';

interface TokenBody {
  access_token: string;
  expires_in: number;
}

export function createClient(env: Env): AxiosClient {
  const getClientCredentials = clientCredentials(axios.create({ httpAgent: env.httpAgent }), env.tokenUrl, env.clientId, env.clientSecret);
  const cache = tokenProvider.tokenCache(() => getClientCredentials('') as Promise<TokenBody>, { getMaxAge: (body: TokenBody) => body.expires_in * 1000 });
  const api = axios.create({ baseURL: env.apiOrigin, httpAgent: env.httpAgent });
  api.interceptors.request.use(tokenProvider({ getToken: cache, headerFormatter: (body: TokenBody) => `Bearer ${body.access_token}` }));
  return { axios: api, getToken: cache };
}
