// README: OAuth2Client + the OAuth2Fetch wrapper, getNewToken = client.clientCredentials().
import { OAuth2Client, OAuth2Fetch } from '@badgateway/oauth2-client';
import type { Env, FetchClient } from './types.js';

export function createClient(env: Env): FetchClient {
  const client = new OAuth2Client({ clientId: env.clientId, clientSecret: env.clientSecret, tokenEndpoint: env.tokenUrl });
  const wrapper = new OAuth2Fetch({ client, getNewToken: () => client.clientCredentials() });
  return { fetch: (url) => wrapper.fetch(url), getToken: () => wrapper.getToken() };
}
