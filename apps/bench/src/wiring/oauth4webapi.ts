// README example (examples/client_credentials.ts): clientCredentialsGrantRequest +
// processClientCredentialsResponse, then protectedResourceRequest. The library keeps no token, so
// this adds the minimal cache its docs imply: keep the token until `expires_in` runs out. No
// de-duplication of concurrent fetches, no refresh ahead, no retry on 401: the docs show none.
import * as oauth from 'oauth4webapi';
import type { Env, FetchClient } from './types.js';

export function createClient(env: Env): FetchClient {
  const as: oauth.AuthorizationServer = { issuer: new URL(env.tokenUrl).origin, token_endpoint: env.tokenUrl };
  const client: oauth.Client = { client_id: env.clientId };
  const clientAuth = oauth.ClientSecretBasic(env.clientSecret);
  // The local servers speak http on 127.0.0.1.
  const options = { [oauth.allowInsecureRequests]: true };
  let cached: { accessToken: string; expiresAt: number } | undefined;

  async function accessToken(): Promise<string> {
    if (cached && Date.now() < cached.expiresAt) return cached.accessToken;
    const response = await oauth.clientCredentialsGrantRequest(as, client, clientAuth, new URLSearchParams(), options);
    const result = await oauth.processClientCredentialsResponse(as, client, response);
    cached = { accessToken: result.access_token, expiresAt: Date.now() + (result.expires_in ?? 0) * 1000 };
    return cached.accessToken;
  }
  return {
    fetch: async (url) => oauth.protectedResourceRequest(await accessToken(), 'GET', new URL(url), undefined, undefined, options),
    getToken: accessToken,
  };
}
