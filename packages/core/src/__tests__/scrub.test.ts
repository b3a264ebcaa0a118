import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/codes.js';
import { NegotiationError } from '../errors/NegotiationError.js';
import { OAuthError } from '../errors/OAuthError.js';
import { ResponseError } from '../errors/ResponseError.js';
import { TransportError } from '../errors/TransportError.js';
import { buildTokenRequest, formEncode } from '../request/request.js';
import { clientCredentials } from '../request/grant.js';
import { requestSecrets, scrubError } from '../redaction/scrub.js';

const secret = 'sé:cr%et+"q"/never-shown';
const apiKey = 'k3y-never-shown';
const tokenUrl = 'https://auth.example.com/token';

function request(placement: 'basic' | 'form' | 'json') {
  return buildTokenRequest(clientCredentials({ tokenUrl, clientId: 'app', clientSecret: secret, placement, headers: { 'x-api-key': apiKey } }));
}

/** Every view of an error a user or a logger may print. */
function views(error: unknown): string {
  const chain: string[] = [];
  for (let e: unknown = error, i = 0; e !== undefined && i < 50; e = (e as { cause?: unknown }).cause, i++) {
    chain.push(typeof e === 'object' && e !== null ? `${String((e as Error).message)}\n${String((e as Error).stack)}` : String(e));
  }
  return [String(error), inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error), ...chain].join('\n');
}

describe('requestSecrets', () => {
  it('the secret in every encoding it travels in, the Basic credentials both ways, grant header values', () => {
    const basic = requestSecrets(request('basic'));
    const encoded = btoa(`app:${formEncode(secret)}`);
    expect(basic).toEqual(expect.arrayContaining([`Basic ${encoded}`, encoded, `app:${formEncode(secret)}`, formEncode(secret), secret, apiKey]));
    const form = requestSecrets(request('form'));
    expect(form).toEqual(expect.arrayContaining([secret, formEncode(secret), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), apiKey]));
    expect(requestSecrets(request('json'))).toEqual(expect.arrayContaining([secret, JSON.stringify(secret).slice(1, -1)]));
  });

  it('raw Basic credentials with a non-ASCII secret: the UTF-8 decoded credentials too', () => {
    const raw = btoa(String.fromCharCode(...new TextEncoder().encode(`app:${secret}`)));
    expect(requestSecrets({ url: tokenUrl, method: 'POST', headers: { authorization: `Basic ${raw}` } })).toEqual(expect.arrayContaining([raw, `app:${secret}`, secret]));
  });

  it('leaves out content-type, accept, the client id and short values', () => {
    const secrets = requestSecrets({ url: tokenUrl, method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', 'x-tenant': '1' }, body: 'grant_type=client_credentials&client_id=app' });
    expect(secrets).toStrictEqual([]);
  });

  it('client assertions', () => {
    const assertion = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhcHAifQ.sig-never-shown';
    const secrets = requestSecrets({ url: tokenUrl, method: 'POST', headers: {}, body: new URLSearchParams({ client_assertion: assertion }).toString() });
    expect(secrets).toContain(assertion);
  });
});

describe('scrubError', () => {
  const secrets = requestSecrets(request('basic'));
  const encoded = btoa(`app:${formEncode(secret)}`);

  it('a tok error in place: message, stack, body cause, fields, at any depth of the chain', () => {
    const echoed = `you sent authorization: Basic ${encoded} and x-api-key: ${apiKey}`;
    const inner = new ResponseError(ErrorCode.HttpStatus, `token endpoint answered 400: ${echoed}`, { status: 400, body: { nested: [{ echoed }], [apiKey]: 1 } });
    const outer = new TransportError(ErrorCode.Network, 'failed', { cause: new Error(`wrapped: ${secret}`, { cause: inner }) });
    const result = scrubError(outer, secrets);
    expect(result).toBe(outer);
    expect(result).toBeInstanceOf(TransportError);
    expect(inner.message).toBe('token endpoint answered 400: you sent authorization: [redacted] and x-api-key: [redacted]');
    expect(inner.stack).toContain('x-api-key: [redacted]');
    const shown = views(outer);
    for (const value of [secret, encoded, apiKey, formEncode(secret)]) expect(shown).not.toContain(value);
    expect((outer.cause as Error).cause).toBe(inner);
  });

  it('OAuth error fields and a NegotiationError attempts', () => {
    const refused = new OAuthError({ error: 'invalid_client', errorDescription: `secret ${secret} is wrong`, status: 401, body: { error: 'invalid_client', echo: apiKey } });
    const negotiation = new NegotiationError(refused, [{ placement: 'basic', error: refused }]);
    scrubError(negotiation, secrets);
    expect(refused.errorDescription).toBe('secret [redacted] is wrong');
    const shown = views(negotiation) + views(negotiation.attempts[0]?.error);
    for (const value of [secret, apiKey]) expect(shown).not.toContain(value);
  });

  it('foreign errors become plain errors with name, code and message; foreign objects in a chain are left out', () => {
    // What ky 2 throws on a refused connection: its Request, with the Basic header, on the error.
    const kyRequest = new Request(tokenUrl, { method: 'POST', headers: { authorization: `Basic ${encoded}`, 'x-api-key': apiKey } });
    const network = Object.assign(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', request: kyRequest }) }), { request: kyRequest });
    const kyError = Object.assign(new Error(`Request failed: POST ${tokenUrl}`, { cause: network }), { name: 'NetworkError', request: kyRequest, options: { headers: new Headers({ 'x-api-key': apiKey }) } });
    const result = scrubError(kyError, secrets) as Error;
    expect(result).not.toBe(kyError);
    expect(result).toMatchObject({ name: 'NetworkError', message: `Request failed: POST ${tokenUrl}` });
    expect(result.cause).toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' } });
    expect(result.stack).toContain('scrub.test.ts');
    const shown = views(result);
    for (const value of [encoded, apiKey, 'authorization']) expect(shown).not.toContain(value);
    // A foreign object itself (not an error) as a cause.
    const holder = new TransportError(ErrorCode.Network, 'failed', { cause: kyRequest });
    scrubError(holder, secrets);
    expect(holder.cause).toBeInstanceOf(Error);
    expect((holder.cause as Error).message).toBe('Request left out: it may hold credentials');
    expect(views(holder)).not.toContain(apiKey);
  });

  it('cycles and very deep chains end', () => {
    const a = new Error(`a ${secret}`);
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(views(scrubError(a, secrets))).not.toContain(secret);
    let deep: Error = new Error(secret);
    for (let i = 0; i < 1_000; i++) deep = new Error(`level ${i}`, { cause: deep });
    expect(views(scrubError(deep, secrets))).not.toContain(secret);
  });

  it('tokens are redacted even with no secrets given', () => {
    const error = new ResponseError(ErrorCode.InvalidResponse, 'x', { status: 200, body: '{"accessToken":"at-never-shown"}' });
    scrubError(error, []);
    expect(error.cause).toBe('{"accessToken":"[redacted]"}');
  });
});
