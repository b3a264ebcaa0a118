// tokenRoute(url): the browser's grant, whose backend holds the secret. A real route on 127.0.0.1
// answers as a backend would: the OAuth JSON answer, OAuth JSON errors, a 503 with Retry-After.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ErrorCode } from '../errors/codes.js';
import { ConfigError } from '../errors/ConfigError.js';
import { ResponseError } from '../errors/ResponseError.js';
import { fetchTransport } from '../http/fetchTransport.js';
import { tokenRoute } from '../request/tokenRoute.js';
import { MAX_LIFETIME_MS, MIN_LIFETIME_MS } from '../response/lifetime.js';
import { readRouteAnswer } from '../response/routeAnswer.js';
import { createTokenSource } from '../source/tokenSource.js';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

async function route(answer: (n: number, res: ServerResponse) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      answer(seen.length, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/token`, seen };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function source(grant: ReturnType<typeof tokenRoute>, retries = 2) {
  const created = createTokenSource(grant, { transport: fetchTransport(fetch), retry: { retries, baseDelayMs: 0 } });
  onTestFinished(() => created.dispose());
  return created;
}

describe('tokenRoute', () => {
  it('POSTs to the route with accept: application/json and no body, and reads the OAuth JSON answer', async () => {
    const api = await route((n, res) => json(res, 200, { access_token: `at-${n}`, token_type: 'Bearer', expires_in: 600, scope: 'read' }));
    const grant = tokenRoute(api.url, { headers: { 'x-csrf-token': 'c1' } });
    expect(grant.tokenUrl).toBe(api.url);
    const tokens = source(grant);
    const [a, b] = await Promise.all([tokens.getToken(), tokens.getToken()]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ accessToken: 'at-1', tokenType: 'Bearer', scope: 'read' });
    expect((a.expiresAt ?? 0) - a.issuedAt).toBe(600_000);
    expect(api.seen).toHaveLength(1);
    expect(api.seen[0]).toMatchObject({ method: 'POST', url: '/api/token', body: '', headers: { accept: 'application/json', 'x-csrf-token': 'c1' } });
  });

  it('can GET instead, and assumes the default lifetime when the route sends no expires_in', async () => {
    const api = await route((_n, res) => json(res, 200, { access_token: 'at' }));
    const token = await source(tokenRoute(api.url, { method: 'GET', defaultLifetimeMs: 120_000 })).getToken();
    expect(api.seen[0]?.method).toBe('GET');
    expect((token.expiresAt ?? 0) - token.issuedAt).toBe(120_000);
  });

  it('reports an OAuth error of the route by status and code, and does not retry a 401 (the session is over)', async () => {
    const api = await route((_n, res) => json(res, 401, { error: 'login_required', error_description: 'no session' }));
    const error = await source(tokenRoute(api.url))
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({ code: ErrorCode.HttpStatus, status: 401, message: `token route ${api.url} answered 401 login_required: no session` });
    expect(api.seen).toHaveLength(1);
  });

  it('honours Retry-After on a 503 and retries it', async () => {
    const api = await route((n, res) => (n === 1 ? json(res, 503, { error: 'temporarily_unavailable' }, { 'retry-after': '0' }) : json(res, 200, { access_token: 'after', expires_in: 60 })));
    expect((await source(tokenRoute(api.url)).getToken()).accessToken).toBe('after');
    expect(api.seen).toHaveLength(2);
  });

  it('never quotes an unusable answer, which may hold a token', async () => {
    const api = await route((_n, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('eyJhbGciOi.secret-looking-token'));
    const error = (await source(tokenRoute(api.url), 0)
      .getToken()
      .catch((e: unknown) => e)) as ResponseError;
    expect(error).toMatchObject({ code: ErrorCode.InvalidResponse, status: 200 });
    expect(error.message).toContain('without a usable Bearer access_token');
    expect(`${error.message} ${error.stack} ${JSON.stringify(error)} ${String(error.cause)}`).not.toContain('secret-looking-token');
  });
});

describe('readRouteAnswer', () => {
  const read = (status: number, body: string, headers: Record<string, string> = {}) => readRouteAnswer({ status, headers, body }, { url: '/api/token', requestedAt: 1_000 });

  it('keeps lifetimes in range, takes a numeric string, and refuses tokens it could not send', () => {
    expect(read(200, '{"access_token":"a","expires_in":0}').expiresAt).toBe(1_000 + MIN_LIFETIME_MS);
    expect(read(200, '{"access_token":"a","expires_in":1e308}').expiresAt).toBe(1_000 + MAX_LIFETIME_MS);
    expect(read(200, '{"access_token":"a","expires_in":"30"}').expiresAt).toBe(31_000);
    expect(read(200, '{"access_token":"a","token_type":"bearer"}').tokenType).toBe('Bearer');
    expect(() => read(200, '{"access_token":"a\\r\\nx"}')).toThrow(/without a usable Bearer access_token/);
    expect(() => read(200, '{"access_token":"a","token_type":"mac"}')).toThrow(/without a usable Bearer access_token/);
    expect(() => read(200, '{"error":"server_error"}')).toThrow(expect.objectContaining({ code: ErrorCode.HttpStatus, status: 200 }));
  });

  it('says what an opaque redirect (a sign-in page) means, and carries Retry-After on a 429', () => {
    expect(() => read(0, '')).toThrow('token route /api/token answered 0 (a redirect, probably to a sign-in page: is the session over?)');
    expect(() => read(429, '', { 'retry-after': '7' })).toThrow(expect.objectContaining({ retryAfterMs: 7_000 }));
  });
});

describe('tokenRoute configuration', () => {
  it.each(['//evil.test/token', '/\\evil.test/token', 'api/token', 'ftp://host/token', 'http://example.com/token', ' /api/token', '/api/\ttoken'])('refuses %j', (url) => {
    expect(() => tokenRoute(url)).toThrow(ConfigError);
  });

  it.each(['/api/token', 'https://app.example.com/api/token', 'http://localhost:3000/api/token', 'http://127.0.0.1:8080/t'])('accepts %j', (url) => {
    expect(tokenRoute(url).tokenUrl).toBe(url);
  });

  it('refuses a header that fetch would refuse or split', () => {
    expect(() => tokenRoute('/api/token', { headers: { 'x-csrf': 'a\r\nb' } })).toThrow(
      new ConfigError('tokenRoute.headers.x-csrf', 'is not a header name and a value without CR, LF or NUL'),
    );
    expect(() => tokenRoute('/api/token', { headers: { 'bad name': 'v' } })).toThrow(ConfigError);
  });
});
