import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildTokenRequest, clientCredentials } from '@tok/core';
import { type ApiServer, startApiServer, startTokenServer, type TokenServer } from '@tok/test-utils';
import { demoSessions } from './sessions';
import { serveStatic } from './static';
import { tokenRoute } from './tokenRoute';

/** Lifetime of demo tokens: short, so that the pages can show a refresh happen. */
export const DEMO_TOKEN_LIFETIME_S = 60;

/**
 * A throwaway client of the local demo authorization server, for the request builder (a developer
 * tool, like Postman). Published on purpose: it opens nothing but this local server.
 */
export const playgroundClient = { clientId: 'playground', clientSecret: 'playground-secret' } as const;

/** What the pages read from `/api/status.json` when the demo servers are running. */
export interface DemoStatus {
  readonly demo: true;
  readonly tokenLifetimeSeconds: number;
  /** The request the backend route sends to the authorization server, its credentials redacted. */
  readonly backendRequest: { url: string; method: string; headers: Record<string, string>; body: string };
  readonly playground: { tokenUrl: string; clientId: string };
}

export interface Demo {
  /** The demo backend: `/api/token`, `/api/demo/*`, `/oauth/token` (and the static site, if given). */
  readonly origin: string;
  readonly tokenServer: TokenServer;
  readonly apiServer: ApiServer;
  close(): Promise<void>;
}

export interface DemoOptions {
  /** Port of the demo backend; default 0 (any free port). */
  readonly port?: number;
  /** A VitePress build to serve next to the demo routes, on the same origin. */
  readonly staticDir?: string;
}

/**
 * Starts the demo authorization server and protected API (real HTTP servers from
 * @tok/test-utils, on 127.0.0.1) and the backend that the docs pages talk to on their own origin:
 *
 * | route                              | what it is                                                        |
 * |------------------------------------|-------------------------------------------------------------------|
 * | `POST /api/token`                  | the app's token route: holds the secret, asks the authorization server for same-origin, signed-in callers |
 * | `/api/demo/*`                      | the protected API (demo/openapi.yaml)                              |
 * | `POST /api/demo-admin/expire-tokens` | makes the API refuse every token issued so far (to show 401 recovery) |
 * | `GET /api/status.json`             | tells the pages the demo is running, and signs the visitor in (session cookie) |
 * | `POST /oauth/token`                | the authorization server itself, for the request builder          |
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  // The backend's secret is made up at start and never leaves this process.
  const backendClient = { clientId: 'docs-backend', clientSecret: randomBytes(18).toString('base64url'), accept: ['basic'] as const };
  const tokenServer = await startTokenServer({
    path: '/oauth/token',
    expiresIn: DEMO_TOKEN_LIFETIME_S,
    clients: [backendClient, playgroundClient],
  });
  const apiServer = await startApiServer({ tokenServer });
  const backendGrant = clientCredentials({
    tokenUrl: tokenServer.url,
    clientId: backendClient.clientId,
    clientSecret: backendClient.clientSecret,
    scope: 'orders:read orders:write',
  });
  const sessions = demoSessions();
  const route = tokenRoute(backendGrant, sessions.userOf);
  const files = options.staticDir === undefined ? undefined : serveStatic(options.staticDir);
  const status = demoStatus(buildTokenRequest(backendGrant));

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      sendJson(res, 502, { error: 'demo_backend_error', error_description: error instanceof Error ? error.message : String(error) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    if (pathname === '/api/token') return route(req, res);
    if (pathname === '/api/status.json') {
      // The demo has no login: a page asking whether the demo runs is signed in as a demo user.
      sessions.signIn(req, res);
      return sendJson(res, 200, status);
    }
    if (pathname === '/api/demo-admin/expire-tokens' && req.method === 'POST') {
      apiServer.expireAll();
      return void res.writeHead(204, { 'cache-control': 'no-store' }).end();
    }
    if (pathname.startsWith('/api/demo/')) return forward(req, res, apiServer.origin + (req.url ?? '/').slice('/api/demo'.length));
    if (pathname === '/oauth/token') return forward(req, res, tokenServer.origin + (req.url ?? '/'));
    if (pathname.startsWith('/api/') || pathname.startsWith('/oauth/')) return sendJson(res, 404, { error: 'not_found' });
    if (files) return files(req, res);
    sendJson(res, 404, { error: 'not_found' });
  }

  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  let closed: Promise<void> | undefined;
  return {
    origin: `http://127.0.0.1:${port}`,
    tokenServer,
    apiServer,
    close() {
      closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const socket of sockets) socket.destroy();
        });
        await Promise.all([tokenServer.close(), apiServer.close()]);
      })();
      return closed;
    },
  };
}

function demoStatus(request: { url: string; method: string; headers: Readonly<Record<string, string>>; body: string }): DemoStatus {
  // The pages show what the backend sends, but the browser never gets the credentials.
  const headers = { ...request.headers, authorization: 'Basic <docs-backend:secret, base64; kept on the server>' };
  return {
    demo: true,
    tokenLifetimeSeconds: DEMO_TOKEN_LIFETIME_S,
    backendRequest: { url: request.url, method: request.method, headers, body: request.body },
    playground: { tokenUrl: '/oauth/token', clientId: playgroundClient.clientId },
  };
}

const FORWARDED_REQUEST_HEADERS = ['accept', 'authorization', 'content-type'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'www-authenticate', 'retry-after', 'location', 'cache-control', 'pragma'];

// Passes a request on to the demo API or authorization server and their answer back, untouched.
async function forward(req: IncomingMessage, res: ServerResponse, target: string): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const method = req.method ?? 'GET';
  const upstream = await fetch(target, {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? null : new Uint8Array(Buffer.concat(chunks)),
    redirect: 'manual',
  });
  const out: Record<string, string> = {};
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) out[name] = value;
  }
  const body = Buffer.from(await upstream.arrayBuffer());
  res.writeHead(upstream.status, { ...out, 'content-length': String(body.length) });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}
