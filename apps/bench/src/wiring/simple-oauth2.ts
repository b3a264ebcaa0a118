// README: new ClientCredentials(config), getToken(), and "refresh" pre-emptively when
// accessToken.expired(EXPIRATION_WINDOW_IN_SECONDS) (300 s there, for hour-long tokens; scaled
// here to the same 1/12 of the token's lifetime). Tokens go out on fetch.
import { type AccessToken, ClientCredentials } from 'simple-oauth2';
import type { Env, FetchClient } from './types.js';

export function createClient(env: Env): FetchClient {
  const url = new URL(env.tokenUrl);
  const oauth = new ClientCredentials({ client: { id: env.clientId, secret: env.clientSecret }, auth: { tokenHost: url.origin, tokenPath: url.pathname } });
  const windowS = (env.lifetimeS * 300) / 3600;
  let accessToken: AccessToken | undefined;

  async function token(): Promise<string> {
    if (!accessToken || accessToken.expired(windowS)) accessToken = await oauth.getToken({});
    return accessToken.token.access_token as string;
  }
  return {
    fetch: async (target) => fetch(target, { headers: { authorization: `Bearer ${await token()}` } }),
    getToken: token,
  };
}
