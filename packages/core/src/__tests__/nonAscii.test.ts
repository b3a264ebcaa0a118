// Non-ASCII client ids and secrets reach a real token server on 127.0.0.1 that decodes what RFC
// 6749 says (form-urldecoding as UTF-8, in Basic and in the body) and JSON: every placement that
// encodes them carries them intact. basic-raw, which cannot, is refused at construction.
import type { Transport } from '../http/types.js';
import { startTokenServer, type TokenServer } from '@tok/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError } from '../errors/ConfigError.js';
import { auto } from '../client-auth/autoPlacement.js';
import { clientCredentials } from '../request/grant.js';
import { createTokenSource } from '../source/tokenSource.js';

const transport: Transport = async (request, { signal }) => {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body ?? null, signal });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
};

const client = { clientId: 'klïent-ü', clientSecret: 'pässwörd: 密钥+ключ/🔑=%' };
let server: TokenServer;
beforeAll(async () => {
  server = await startTokenServer({ clients: [client] });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('a non-ASCII client id and secret', () => {
  it.each(['basic', 'basic-with-client-id', 'form', 'json', 'auto'] as const)('%s: the server reads them intact and issues a token', async (placement) => {
    const source = createTokenSource(clientCredentials({ tokenUrl: server.url, ...client, placement: placement === 'auto' ? auto() : placement }), { transport, retry: { retries: 0 } });
    onTestFinished(() => source.dispose());
    const token = await source.getToken();
    expect(server.issued.map((t) => [t.accessToken, t.clientId])).toStrictEqual([[token.accessToken, client.clientId]]);
    const [request] = server.requests;
    if (placement === 'form' || placement === 'json') expect(request?.fields).toMatchObject({ client_id: client.clientId, client_secret: client.clientSecret });
    else expect(request?.basic?.decoded).toStrictEqual(client);
  });

  it('basic-raw: refused before any request', async () => {
    expect(() => clientCredentials({ tokenUrl: server.url, ...client, placement: 'basic-raw' })).toThrow(ConfigError);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.count).toBe(0);
  });
});
