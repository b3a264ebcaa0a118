// README: a request interceptor puts the stored token on each request; createAuthRefresh runs the
// refresh logic on a 401 (de-duplicated), which here asks the token endpoint for a
// client-credentials token. The header is left out while there is no token yet.
import axios from 'axios';
import { createAuthRefresh } from 'axios-auth-refresh';
import type { AxiosClient, Env } from './types.js';

export function createClient(env: Env): AxiosClient {
  let accessToken: string | undefined;
  const api = axios.create({ baseURL: env.apiOrigin, httpAgent: env.httpAgent });
  api.interceptors.request.use((request) => {
    if (accessToken) request.headers.Authorization = `Bearer ${accessToken}`;
    return request;
  });
  createAuthRefresh(api, async (failedRequest) => {
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    const response = await axios.post(env.tokenUrl, body, { auth: { username: env.clientId, password: env.clientSecret }, httpAgent: env.httpAgent });
    accessToken = response.data.access_token;
    failedRequest.response.config.headers.Authorization = `Bearer ${accessToken}`;
  });
  return { axios: api };
}
