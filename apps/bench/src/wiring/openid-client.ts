// README: a Configuration, clientCredentialsGrant(config), fetchProtectedResource(config, token, …).
// The library keeps no token, so this adds the minimal cache its docs imply: keep the token until
// `expiresIn()` runs out. No de-duplication, no refresh ahead, no retry on 401: the docs show none.
import * as client from 'openid-client';
import type { Env, FetchClient } from './types.js';

export function createClient(env: Env): FetchClient {
  const config = new client.Configuration({ issuer: new URL(env.tokenUrl).origin, token_endpoint: env.tokenUrl }, env.clientId, env.clientSecret);
  // The local servers speak http on 127.0.0.1.
  client.allowInsecureRequests(config);
  let cached: { accessToken: string; expiresAt: number } | undefined;

  async function accessToken(): Promise<string> {
    if (cached && Date.now() < cached.expiresAt) return cached.accessToken;
    const tokens = await client.clientCredentialsGrant(config);
    cached = { accessToken: tokens.access_token, expiresAt: Date.now() + (tokens.expiresIn() ?? 0) * 1000 };
    return cached.accessToken;
  }
  return {
    fetch: async (url) => client.fetchProtectedResource(config, await accessToken(), new URL(url), 'GET'),
    getToken: accessToken,
  };
}
