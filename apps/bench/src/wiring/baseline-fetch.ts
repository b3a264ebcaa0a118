import type { Env, FetchClient } from './types.js';

/** The same fetch with a fixed header: the cost of sending a request at all. */
export function createClient(_env: Env, accessToken: string): FetchClient {
  const headers = { authorization: `Bearer ${accessToken}` };
  return { fetch: (url) => fetch(url, { headers }) };
}
