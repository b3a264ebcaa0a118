// tok on fetch, until @tok/fetch lands: @tok/core's token source with a fetch transport, and a
// fetch wrapper that attaches the token and renews it once on a 401.
import { clientCredentials, createTokenSource, type Token, type Transport } from '@tok/core';
import type { Env, FetchClient } from './types.js';

export function createClient(env: Env): FetchClient {
  const transport: Transport = async (request, { signal }) => {
    const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body ?? null, signal, redirect: 'manual' });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  };
  const source = createTokenSource(clientCredentials({ tokenUrl: env.tokenUrl, clientId: env.clientId, clientSecret: env.clientSecret }), { transport });
  const send = (url: string, token: Token) => fetch(url, { headers: { authorization: `Bearer ${token.accessToken}` } });
  return {
    async fetch(url) {
      const token = await source.getToken();
      const response = await send(url, token);
      if (response.status !== 401) return response;
      await response.body?.cancel();
      source.invalidate(token);
      return send(url, await source.getToken());
    },
    getToken: () => source.getToken(),
    waits: () => source.stats().waits,
    dispose: () => source.dispose(),
  };
}
