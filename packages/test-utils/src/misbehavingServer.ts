// A token endpoint that misbehaves in every way a client must survive: answers too big to hold, bodies that
// are a bare token, echoes of the request's credentials, redirects, resets. One route per
// misbehaviour, so that one server serves a whole suite.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { serveOnLoopback } from '@tok/testing';

/** What a route of {@link startMisbehavingServer} does. */
export type Misbehaviour =
  /** 200 JSON of `hugeBytes` (default 100 MB), with its content-length, as fast as the client reads. */
  | 'huge'
  /** 200 JSON, chunked, that never ends: the server writes until the client goes away. */
  | 'endless'
  /** 200 JSON, `content-encoding: gzip`: ~400 kB that inflate to 400 MB of a JSON string. */
  | 'gzip-bomb'
  /** 400 text/plain that echoes the request body, its Authorization header and its x-api-key. */
  | 'echo-400'
  /** 200 text/plain whose whole body is the access token. */
  | 'bare-token'
  /** 200 application/json whose body is the access token as a JSON string. */
  | 'json-string'
  /** 200 JSON with the token and `token_type: "mac"`, labelled application/x-www-form-urlencoded. */
  | 'form-labelled-json'
  /** 200 JSON with camelCase `accessToken`, `refreshToken` and `idToken`, and no `access_token`. */
  | 'camel-case'
  /** 200 JSON with `error: "invalid_scope"` and a working access token. */
  | 'error-with-token'
  /** 302 to `/elsewhere/token`. */
  | 'redirect'
  /** Reads the request, then destroys the connection without an answer. */
  | 'reset';

/** A running {@link startMisbehavingServer}. */
export interface MisbehavingServer {
  readonly origin: string;
  /** The access token the routes put in their answers. */
  readonly token: string;
  /** The URL of one misbehaviour. */
  url(misbehaviour: Misbehaviour): string;
  /** Body bytes written per route (before compression), so a test can see a client stop reading. */
  readonly sent: Readonly<Partial<Record<Misbehaviour, number>>>;
  close(): Promise<void>;
}

/** Options of {@link startMisbehavingServer}. */
export interface MisbehavingServerOptions {
  /** Size of the `huge` answer. Default 100 MB. */
  readonly hugeBytes?: number;
  /** The access token in the answers. Default a random one (letters and digits). */
  readonly token?: string;
}

const MB = 1_000_000;

/**
 * Starts a misbehaving token endpoint on 127.0.0.1 (see {@link Misbehaviour} for the routes).
 *
 * @example
 * ```ts
 * const server = await startMisbehavingServer();
 * const grant = clientCredentials({ tokenUrl: server.url('gzip-bomb'), clientId: 'a', clientSecret: 's' });
 * ```
 */
export async function startMisbehavingServer(options: MisbehavingServerOptions = {}): Promise<MisbehavingServer> {
  const token = options.token ?? `at0${crypto.randomUUID().replace(/-/g, '')}`;
  const hugeBytes = options.hugeBytes ?? 100 * MB;
  const sent: Partial<Record<Misbehaviour, number>> = {};
  const count = (route: Misbehaviour, bytes: number) => void (sent[route] = (sent[route] ?? 0) + bytes);

  const routes: Record<Misbehaviour, (req: IncomingMessage, res: ServerResponse) => Promise<void>> = {
    huge: (_, res) => streamJson(res, hugeBytes, (n) => count('huge', n), { 'content-length': String(hugeBytes) }),
    endless: (_, res) => streamJson(res, Number.POSITIVE_INFINITY, (n) => count('endless', n), {}),
    'gzip-bomb': async (_, res) => {
      const bomb = await gzipBomb();
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      count('gzip-bomb', bomb.length);
      res.end(bomb);
    },
    'echo-400': async (req, res) => {
      const body = await readBody(req);
      const { authorization = 'none', 'x-api-key': apiKey = 'none' } = req.headers;
      text(res, 400, 'text/plain', `bad request: you sent ${body} with authorization: ${authorization} and x-api-key: ${String(apiKey)}`);
    },
    'bare-token': async (_, res) => text(res, 200, 'text/plain', token),
    'json-string': async (_, res) => text(res, 200, 'application/json', JSON.stringify(token)),
    'form-labelled-json': async (_, res) => text(res, 200, 'application/x-www-form-urlencoded', JSON.stringify({ access_token: token, token_type: 'mac', expires_in: 3600 })),
    'camel-case': async (_, res) => text(res, 200, 'application/json', JSON.stringify({ accessToken: token, refreshToken: `r${token}`, idToken: `i${token}`, tokenType: 'Bearer', expiresIn: 3600 })),
    'error-with-token': async (_, res) => text(res, 200, 'application/json', JSON.stringify({ error: 'invalid_scope', access_token: token, token_type: 'Bearer' })),
    redirect: async (_, res) => {
      res.writeHead(302, { location: '/elsewhere/token', 'content-length': '0' });
      res.end();
    },
    reset: async (req, res) => {
      await readBody(req);
      res.destroy();
    },
  };

  const server = createServer((req, res) => {
    const route = routes[(req.url ?? '/').slice(1) as Misbehaviour];
    if (!route) return text(res, 404, 'text/plain', 'no such misbehaviour');
    route(req, res).catch(() => res.destroy());
  });
  const listening = await serveOnLoopback(server);
  return {
    origin: listening.origin,
    token,
    url: (misbehaviour) => `${listening.origin}/${misbehaviour}`,
    sent,
    close: listening.close,
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function text(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

// `{"access_token":"aaaa…` for `bytes` bytes (never closed: no client should get that far), written
// with backpressure so that the server holds one chunk at a time, until the client goes away.
async function streamJson(res: ServerResponse, bytes: number, onWrite: (n: number) => void, headers: Record<string, string>): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  const head = Buffer.from('{"access_token":"');
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let left = bytes;
  for (let part: Buffer = head; left > 0 && !res.destroyed; part = chunk) {
    const piece = part.length > left ? part.subarray(0, left) : part;
    left -= piece.length;
    onWrite(piece.length);
    if (!res.write(piece)) await new Promise<void>((resolve) => {
      res.once('drain', resolve);
      res.once('close', resolve);
    });
  }
  if (!res.destroyed) res.end();
}

let bomb: Buffer | undefined;

// ~400 kB of gzip that inflates to 400 MB: a JSON string of zeros. Built from gzip members (a gzip
// stream may hold several, RFC 1952 §2.2): one megabyte of zeros compressed once and repeated, so
// that building it takes milliseconds, not the seconds that compressing 400 MB would.
function gzipBomb(): Promise<Buffer> {
  if (!bomb) {
    const zeros = gzipSync(Buffer.alloc(MB, '0'), { level: 9 });
    bomb = Buffer.concat([gzipSync('{"access_token":"'), ...Array<Buffer>(400).fill(zeros), gzipSync('"}')]);
  }
  return Promise.resolve(bomb);
}
