// Messages that point at the fix, against a real token server on 127.0.0.1: the hint fits the
// placement that was sent, and never suggests the one that was just refused.
import type { Transport } from '../http/types.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTokenServer, type TokenServer } from '@tok/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { NegotiationError } from '../errors/NegotiationError.js';
import { isOAuthError, type OAuthError } from '../errors/OAuthError.js';
import { type ClientCredentialsOptions, clientCredentials } from '../request/grant.js';
import { createTokenSource } from '../source/tokenSource.js';
import { discover } from '../discovery/discover.js';
import { auto } from '../client-auth/autoPlacement.js';

const transport: Transport = async (request, { signal }) => {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body ?? null, signal });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
};

let server: TokenServer;
beforeAll(async () => {
  server = await startTokenServer({ clients: [{ clientId: 'app', clientSecret: 'right-secret' }] });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

async function refusal(options: Partial<ClientCredentialsOptions>): Promise<OAuthError> {
  const grant = clientCredentials({ tokenUrl: server.url, clientId: 'app', clientSecret: 'right-secret', ...options } as ClientCredentialsOptions);
  const source = createTokenSource(grant, { transport, retry: { retries: 0 } });
  onTestFinished(() => source.dispose());
  const error = await source.getToken().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isOAuthError(error)) throw new Error(`expected an OAuthError, got ${String(error)}`);
  return error;
}

describe('after a JSON body', () => {
  it.each(['unsupported_grant_type', 'invalid_request'])('%s suggests placement "form", and only that', async (code) => {
    server.behave({ status: 400, body: { error: code } });
    const error = await refusal({ placement: 'json' });
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    expect(error.error).toBe(code);
    expect(error.message).toBe(
      `token endpoint answered 400 ${code} (tok sent a JSON body, which most token endpoints do not read: try placement "form")`,
    );
  });

  it('the same answer to a form body keeps its usual hint', async () => {
    server.behave({ status: 400, body: { error: 'unsupported_grant_type', error_description: 'nope' } });
    expect((await refusal({ placement: 'form' })).message).toBe('token endpoint answered 400 unsupported_grant_type: nope (the server may expect another grantType value)');
  });
});

describe('invalid_client never suggests the placement that got it', () => {
  it('basic: suggests form', async () => {
    const error = await refusal({ clientSecret: 'wrong' });
    expect(error.message).toMatch(/invalid_client.*placement "form"\)\)$/);
  });

  it('form: suggests basic, not form', async () => {
    const error = await refusal({ clientSecret: 'wrong', placement: 'form' });
    expect(error.message).toMatch(/\(check clientId and clientSecret; if they are right, the server may want them in the Authorization header: placement "basic"\)$/);
    expect(error.message).not.toContain('"form"');
  });

  it('basic-raw: suggests basic or form', async () => {
    const error = await refusal({ clientSecret: 'wrong', placement: 'basic-raw' });
    expect(error.message).toMatch(/form-encoded first: placement "basic", or in the body: placement "form"\)$/);
    expect(error.message).not.toContain('"basic-raw"');
  });

  it("'auto': the NegotiationError lists each refusal without a hint and suggests only placements not tried", async () => {
    const error = await refusal({ clientSecret: 'wrong', placement: auto() });
    expect(error).toBeInstanceOf(NegotiationError);
    expect(server.count).toBe(2);
    expect((error as NegotiationError).attempts.map((a) => a.placement)).toStrictEqual(['basic', 'form']);
    const [tried, advice] = error.message.split('); check ') as [string, string];
    expect(tried).toMatch(/^the token endpoint refused every placement tried \(basic: token endpoint answered 401 invalid_client[^()]*; form: token endpoint answered 40[01] invalid_client[^()]*$/);
    expect(advice).toBe('clientId and clientSecret, or set the placement the server documents (not tried: basic-raw, basic-with-client-id, json)');
  });
});

describe('an issuer given as a URL object', () => {
  /** An authorization server whose metadata names itself `named(origin)`, with a token endpoint. */
  async function authorizationServer(named: (origin: string) => string): Promise<{ origin: string; paths: string[] }> {
    const paths: string[] = [];
    let origin = '';
    const http = createServer((req, res) => {
      paths.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/oauth-authorization-server') res.end(JSON.stringify({ issuer: named(origin), token_endpoint: `${origin}/token` }));
      else if (req.url === '/token') res.end(JSON.stringify({ access_token: 'at-1', token_type: 'Bearer', expires_in: 3600 }));
      else res.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    onTestFinished(() => new Promise<void>((resolve) => http.close(() => resolve())));
    return { origin, paths };
  }

  it('matches the metadata issuer: URL.href would have added a slash the server does not write', async () => {
    const as = await authorizationServer((origin) => origin);
    const issuer = new URL(as.origin);
    expect(issuer.href).toBe(`${as.origin}/`);
    const source = createTokenSource(clientCredentials({ issuer: discover(issuer), clientId: 'app', clientSecret: 's', placement: 'form' }), { transport });
    onTestFinished(() => source.dispose());
    expect((await source.getToken()).accessToken).toBe('at-1');
    expect(as.paths).toStrictEqual(['GET /.well-known/oauth-authorization-server', 'POST /token']);
  });

  it('a server that names itself with the slash (Auth0): the message says to give that string', async () => {
    const as = await authorizationServer((origin) => `${origin}/`);
    const source = createTokenSource(clientCredentials({ issuer: discover(new URL(as.origin)), clientId: 'app', clientSecret: 's', placement: 'form' }), { transport, retry: { retries: 0 } });
    onTestFinished(() => source.dispose());
    const error = await source.getToken().catch((e: unknown) => e as Error);
    expect((error as Error).message).toContain(`names "${as.origin}/", not the configured issuer "${as.origin}"`);
    expect((error as Error).message).toContain(`which differs only by the trailing slash: give discover("${as.origin}/")`);
    expect(as.paths).toStrictEqual(['GET /.well-known/oauth-authorization-server']);
  });
});
