// Non-ASCII secrets and JSON bodies against oidc-provider, a certified OpenID Provider run in this
// process on 127.0.0.1. oidc-provider holds ids and secrets to RFC 6749's printable ASCII (VSCHAR):
// it will not register a non-ASCII secret, and it refuses a Basic header whose decoded credentials
// are not VSCHAR. tok sends such secrets anyway where they can be carried (form-encoded as UTF-8;
// servers that accept them are covered in core's nonAscii.test.ts), so here the point is that a
// strict server's refusal is a typed OAuthError that never prints the secret, that basic-raw is
// refused by tok before any request, and that a JSON body this server does not read gets a message
// that suggests `form`.
import { inspect } from 'node:util';
import { ConfigError, clientCredentials, createTokenSource, fetchTransport, type Grant, isOAuthError, type TokenSource } from '@tok/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKey } from './keys.js';
import { type OidcServer, startOidcProvider } from './servers/oidcProvider.js';

const SECRET = 'pässwörd-密钥-ключ';
const sources: TokenSource[] = [];
let server: OidcServer;

beforeAll(async () => {
  server = await startOidcProvider({
    keys: [{ ...newKey('ec', 'as-unicode').privateJwk, use: 'sig', alg: 'ES256' }],
    introspectors: [],
    clients: [{ client_id: 'post-client', client_secret: 'ascii-secret', token_endpoint_auth_method: 'client_secret_post' }],
  });
});

afterAll(async () => {
  for (const source of sources) source.dispose();
  await server?.close();
});

function source(grant: Grant): TokenSource {
  const created = createTokenSource(grant, { transport: fetchTransport(fetch), retry: { retries: 0 } });
  sources.push(created);
  return created;
}

describe('oidc-provider: a non-ASCII secret', () => {
  it('sent form-encoded as UTF-8 in Basic, is refused by this strict server with a typed error that never prints it', async () => {
    const error = await source(clientCredentials({ tokenUrl: server.tokenUrl, clientId: 'post-client', clientSecret: SECRET })).getToken().catch((e: unknown) => e);
    expect(isOAuthError(error)).toBe(true);
    expect((error as { status: number }).status).toBe(400);
    for (const text of [String(error), inspect(error, { depth: Number.POSITIVE_INFINITY }), JSON.stringify(error)]) expect(text).not.toContain('密钥');
  });

  it('with placement basic-raw is refused by tok before any request, saying what to use instead', () => {
    const before = server.requests.length;
    const attempt = () => clientCredentials({ tokenUrl: server.tokenUrl, clientId: 'post-client', clientSecret: SECRET, placement: 'basic-raw' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/placement "basic-raw" sends base64\(id:secret\) as typed.*Use placement "basic"/);
    expect(server.requests.length).toBe(before);
  });
});

describe('oidc-provider: a JSON body', () => {
  it('is refused, and the message suggests placement "form", which then works', async () => {
    const options = { tokenUrl: server.tokenUrl, clientId: 'post-client', clientSecret: 'ascii-secret' };
    const error = await source(clientCredentials({ ...options, placement: 'json' })).getToken().catch((e: unknown) => e);
    expect(isOAuthError(error)).toBe(true);
    expect((error as Error).message).toMatch(/tok sent a JSON body, .*try placement "form"\)$/);
    expect((await source(clientCredentials({ ...options, placement: 'form' })).getToken()).accessToken).not.toBe('');
  });
});
