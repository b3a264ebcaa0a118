import { createServer as createNetServer } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Handles one request. Errors it throws become a 500 answer. */
export type Handler = (req: IncomingMessage, res: ServerResponse, signal: AbortSignal) => Promise<void>;

/** A listening node:http server on 127.0.0.1 that `close()` always brings down. */
export interface Listening {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Closes the server: ends pending delays, destroys every open socket. Safe to call twice. */
  close(): Promise<void>;
}

/** Options every server takes. */
export interface ServerOptions {
  /**
   * Answer CORS preflights and add `Access-Control-Allow-Origin: *` to every answer, for browser
   * examples that call the server from another origin. Default `false`.
   */
  readonly cors?: boolean;
}

/**
 * Listens with `server` on a random port of 127.0.0.1. Sockets are tracked so that `close()` never
 * waits on a keep-alive connection or on a request the server chose never to answer.
 *
 * @example
 * ```ts
 * const { origin, close } = await serveOnLoopback(createServer((req, res) => res.end('ok')));
 * ```
 */
export async function serveOnLoopback(server: Server, onClose?: () => void): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');

  let closed: Promise<void> | undefined;
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close() {
      closed ??= new Promise<void>((resolve) => {
        onClose?.();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}

/** Starts `handler` on a random port of 127.0.0.1 (see {@link serveOnLoopback}). */
export async function listen(handler: Handler, options: ServerOptions = {}): Promise<Listening> {
  const closing = new AbortController();
  const server = createServer((req, res) => {
    if (options.cors === true && answerCors(req, res)) return;
    // A client that goes away ends the work on its request, as it ends a delay: a token answered
    // to nobody is not issued later, in the middle of whatever the next test counts.
    const gone = new AbortController();
    res.once('close', () => res.writableFinished || gone.abort());
    const signal = AbortSignal.any([closing.signal, gone.signal]);
    handler(req, res, signal).catch((error: unknown) => {
      if (signal.aborted || res.headersSent) return void res.destroy();
      sendJson(res, 500, { error: 'server_error', error_description: String(error) });
    });
  });
  return serveOnLoopback(server, () => closing.abort());
}

/**
 * Milliseconds since the epoch with sub-millisecond precision, so that "issued before
 * `expireAll()`" is never a tie even when a token request follows within the same millisecond.
 */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Waits `ms` milliseconds; returns `false` instead if the server closes first. */
export async function delay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return !signal.aborted;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Reads the whole request body as UTF-8. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The request headers as one string each, names lower-case (repeated headers joined by `, `). */
export function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Answers with a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers });
}

/** Answers with a string body, unless the connection is already gone. */
export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

// Preflights are answered here and never reach (or are recorded by) the handler.
function answerCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-expose-headers', 'www-authenticate, retry-after, location');
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '',
    'access-control-max-age': '600',
  });
  res.end();
  return true;
}

/**
 * A port on 127.0.0.1 that was free a moment ago: for a server to come (workerd's socket) or for
 * "nothing listens here" (a refused connection). Another server may take it meanwhile; a test that
 * must not see that holds a server on its port instead.
 */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/**
 * Answers 200 `application/json` with `bytes` bytes of a JSON string that never ends, written with
 * backpressure (one chunk held at a time) and stopped when the client goes away: an answer too big
 * for a client to hold.
 */
export async function streamJunk(res: ServerResponse, bytes: number, headers: Readonly<Record<string, string>> = {}): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes), ...headers });
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let left = bytes;
  for (let part = Buffer.from('{"access_token":"'); left > 0 && !res.destroyed; part = chunk) {
    const piece = part.length > left ? part.subarray(0, left) : part;
    left -= piece.length;
    if (!res.write(piece)) {
      await new Promise<void>((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
    }
  }
  if (!res.destroyed) res.end();
}
