// README: ky.create({ prefix, hooks: tokenHooks(clientCredentials(…)) }) on ky 2; origins default to
// the prefix. The token source is made here, with the transport tokenHooks would use, so that the
// benchmark can call getToken() and read stats() on the very source the hooks use.
import { clientCredentials, createTokenSource } from '@tok/core';
import { kyTransport, tokenHooks } from '@tok/ky';
import ky from 'ky2';
import type { Env, KyClient } from './types.js';

export function createClient(env: Env): KyClient {
  const grant = clientCredentials({ tokenUrl: env.tokenUrl, clientId: env.clientId, clientSecret: env.clientSecret });
  const source = createTokenSource(grant, { transport: kyTransport(ky) });
  return {
    ky: ky.create({ prefix: env.apiOrigin, hooks: tokenHooks(source) }),
    getToken: () => source.getToken(),
    waits: () => source.stats().waits,
    dispose: () => source.dispose(),
  };
}
