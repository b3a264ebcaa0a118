import ky from 'ky';
import type { Env, KyClient } from './types.js';

/** The same ky with a fixed header: the cost of sending a request at all. */
export function createClient(env: Env, accessToken: string): KyClient {
  return { ky: ky.create({ prefixUrl: env.apiOrigin, headers: { authorization: `Bearer ${accessToken}` } }) };
}
