// README: withToken(fetch, clientCredentials(…), { origins }). The token source is made here, with
// the fetch transport withToken would use, so that the benchmark can call getToken() and read
// stats() on the very source the wrapper uses.
import { clientCredentials, createTokenSource } from '@tok/core';
import { fetchTransport, withToken } from '@tok/fetch';
import type { Env, FetchClient } from './types.js';

export function createClient(env: Env): FetchClient {
  const grant = clientCredentials({ tokenUrl: env.tokenUrl, clientId: env.clientId, clientSecret: env.clientSecret });
  const source = createTokenSource(grant, { transport: fetchTransport(fetch) });
  const api = withToken(fetch, source, { origins: [env.apiOrigin] });
  return {
    fetch: (url) => api(url),
    getToken: () => source.getToken(),
    waits: () => source.stats().waits,
    dispose: () => source.dispose(),
  };
}
