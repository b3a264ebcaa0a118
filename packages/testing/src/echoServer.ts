import { closeOnDispose } from './dispose.js';
import { headersOf, listen, readBody, sendJson, type ServerOptions } from './http.js';

/** One request the echo server received. */
export interface EchoRequestRecord {
  readonly method: string;
  /** The request target: path and query. */
  readonly path: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** When the request arrived (`Date.now()`). */
  readonly time: number;
}

/** The JSON the echo server answers with. */
export interface EchoResponseBody {
  readonly ok: true;
  readonly path: string;
  readonly method: string;
  /** The `Authorization` header received, or `null`: what a leak test looks at. */
  readonly authorization: string | null;
}

/** A running echo server. */
export interface EchoServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request received, oldest first. */
  readonly requests: readonly EchoRequestRecord[];
  /** How many requests were received. */
  readonly count: number;
  /** Stops the server and ends every pending request. Safe to call twice. */
  close(): Promise<void>;
  /** `await using echo = await startEchoServer()` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a server on a free port of 127.0.0.1 that answers every request with 200 and the
 * `Authorization` header it received, and records every request's headers. It plays the "other
 * origin" in origin and redirect tests: nothing it received should carry a token.
 *
 * @example
 * ```ts
 * const other = await startEchoServer();
 * await authedFetch(`${api.origin}/redirect?to=${encodeURIComponent(other.url)}`);
 * expect(other.requests.map((r) => r.headers.authorization)).toStrictEqual([undefined]);
 * ```
 */
export async function startEchoServer(options: ServerOptions = {}): Promise<EchoServer> {
  const requests: EchoRequestRecord[] = [];
  const server = await listen(async (req, res) => {
    const time = Date.now();
    const body = await readBody(req);
    const headers = headersOf(req);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    requests.push({ method, path, headers, body, time });
    const answer: EchoResponseBody = { ok: true, path, method, authorization: headers.authorization ?? null };
    sendJson(res, 200, answer);
  }, options);

  return closeOnDispose({
    url: `${server.origin}/`,
    origin: server.origin,
    requests,
    get count() {
      return requests.length;
    },
    close: server.close,
  });
}
