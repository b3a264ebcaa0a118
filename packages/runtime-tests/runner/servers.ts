// The servers one runtime's run talks to: a token server, a protected API and an echo server from
// @tok/test-utils, plus a control server through which the suite (running in another process, a
// worker or a browser) reads what they received and pulls their levers. Each runtime gets its own
// set, so runtimes can run side by side without seeing each other's requests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { serveOnLoopback, startApiServer, startEchoServer, startTokenServer, type TokenBehaviour } from '@tok/test-utils';
import { type AssertionRecord, type JwtKeys, verifyAssertion } from './jwtClients.js';

/** Clients the token server knows. `special` has every character RFC 6749 §2.3.1 makes awkward. */
export const clients = {
  plain: { clientId: 'runtime-client', clientSecret: 'runtime-secret' },
  special: { clientId: 'special client', clientSecret: 's3cr:t+%/&=? x' },
} as const;

/** A file the control server serves (the Chromium page and its bundle). */
export interface StaticFile {
  readonly type: string;
  readonly body: string | Uint8Array;
}

export interface RuntimeServers {
  /** The control server's origin: the one thing a runtime entry is told. */
  readonly control: string;
  close(): Promise<void>;
}

/**
 * Starts the servers for one runtime; `files` are served by the control server at their paths.
 * The control server also hosts `/jwt/token`, a token endpoint for JWT client authentication: it
 * verifies the assertion with node:crypto, then gets a real token for the client from the token
 * server (so the API accepts it) and relays that answer.
 */
export async function startServers(jwt: JwtKeys, files: ReadonlyMap<string, StaticFile> = new Map()): Promise<RuntimeServers> {
  const jwtClient = { clientId: jwt.clients.clientId, clientSecret: jwt.clients.clientSecret, accept: ['form' as const] };
  const token = await startTokenServer({ clients: [clients.plain, clients.special, jwtClient], cors: true });
  const api = await startApiServer({ tokenServer: token, cors: true });
  const echo = await startEchoServer({ cors: true });
  const refusing = await startRefusingServer();
  // A token endpoint that is down: it hangs up on every connection. A port that was merely freed
  // could be taken by a server another runtime starts meanwhile (seen: a 401 instead of no answer).
  const down = createNetServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => down.once('error', reject).listen(0, '127.0.0.1', resolve));
  const downPort = (down.address() as { port: number }).port;
  // The API and echo servers keep every record; the control server shows those since the last reset.
  let apiFrom = 0;
  let echoFrom = 0;
  let assertions: AssertionRecord[] = [];
  const seenJti = new Set<string>();

  const config = {
    tokenUrl: token.url,
    tokenOrigin: token.origin,
    api: api.url,
    apiOrigin: api.origin,
    echo: echo.url,
    echoOrigin: echo.origin,
    refusing: `${refusing.origin}/`,
    downPort,
    clients,
    jwt: { ...jwt.clients, tokenUrl: '' },
  };

  async function jwtToken(text: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = `${req.headers.authorization ?? ''}\n${text}`;
    const record = verifyAssertion(new URLSearchParams(text), raw, config.jwt.tokenUrl, jwt, seenJti);
    assertions.push(record);
    if (record.problem !== null) {
      return reply(res, 401, 'application/json', JSON.stringify({ error: 'invalid_client', error_description: record.problem }));
    }
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: jwtClient.clientId, client_secret: jwtClient.clientSecret });
    const scope = new URLSearchParams(text).get('scope');
    if (scope !== null) form.set('scope', scope);
    const answer = await fetch(token.url, { method: 'POST', body: form });
    reply(res, answer.status, answer.headers.get('content-type') ?? 'application/json', await answer.text());
  }

  const routes: Record<string, (body: unknown) => unknown> = {
    'GET /config': () => config,
    'POST /reset': () => {
      token.reset();
      apiFrom = api.requests.length;
      echoFrom = echo.requests.length;
      assertions = [];
      return { ok: true };
    },
    'GET /state': () => ({
      token: { count: token.count, requests: token.requests, issued: token.issued },
      api: { requests: api.requests.slice(apiFrom) },
      echo: { requests: echo.requests.slice(echoFrom) },
      jwt: { assertions },
    }),
    'POST /behave': (body) => {
      if (!Array.isArray(body)) throw new Error('expected an array of behaviours');
      token.behave(...(body as TokenBehaviour[]));
      return { ok: true };
    },
    'POST /expire': (body) => {
      api.expire(String((body as { token?: unknown } | undefined)?.token));
      return { ok: true };
    },
    'POST /expire-all': () => {
      api.expireAll();
      return { ok: true };
    },
  };

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => reply(res, 500, 'application/json', JSON.stringify({ error: String(error) })));
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '' });
      return void res.end();
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = req.method === 'GET' ? files.get(path) : undefined;
    if (file) return reply(res, 200, file.type, file.body);
    const route = routes[`${req.method} ${path}`];
    if (!route && !(req.method === 'POST' && path === '/jwt/token')) {
      return reply(res, 404, 'application/json', JSON.stringify({ error: `no route ${req.method} ${path}` }));
    }
    let text = '';
    for await (const chunk of req) text += String(chunk);
    if (!route) return jwtToken(text, req, res);
    reply(res, 200, 'application/json', JSON.stringify(route(text === '' ? undefined : JSON.parse(text))));
  }
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('control server has no TCP address');
  const control = `http://127.0.0.1:${address.port}`;
  config.jwt.tokenUrl = `${control}/jwt/token`;

  return {
    control,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await Promise.all([closed, token.close(), api.close(), echo.close(), refusing.close(), new Promise((resolve) => down.close(resolve))]);
    },
  };
}

// An API that refuses every token (401 invalid_token), with CORS for the browser.
function startRefusingServer() {
  const server = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'www-authenticate' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '' });
      return void res.end();
    }
    req.resume();
    res.writeHead(401, { ...cors, 'content-type': 'text/plain', 'www-authenticate': 'Bearer error="invalid_token"' });
    res.end('refused');
  });
  return serveOnLoopback(server);
}

function reply(res: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
