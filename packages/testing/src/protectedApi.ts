import { delay, headersOf, listen, now, readBody, send, sendJson, type ServerOptions } from './http.js';
import type { TokenServer } from './tokenServer.js';

/** Options of {@link startApiServer}. */
export interface ApiServerOptions extends ServerOptions {
  /** The token server whose tokens this API accepts. */
  readonly tokenServer: Pick<TokenServer, 'find'>;
  /** Delay before every answer, in milliseconds. Default `0`. */
  readonly latencyMs?: number;
}

/** One request the API received. */
export interface ApiRequestRecord {
  readonly method: string;
  /** The request target: path and query. */
  readonly path: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The bearer token sent, or `null`. */
  readonly token: string | null;
  /** The status the API answered. */
  readonly status: number;
  /** When the request arrived (`Date.now()`). */
  readonly time: number;
}

/** The JSON a protected API answers with on success. */
export interface ApiResponseBody {
  readonly ok: true;
  readonly path: string;
  readonly method: string;
  /** The first 6 characters of the token used: enough to tell tokens apart, not to use one. */
  readonly token: string;
  /** The request body, for methods other than GET and HEAD. */
  readonly body?: string;
}

/** A running protected API. */
export interface ApiServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request received, oldest first. */
  readonly requests: readonly ApiRequestRecord[];
  /** How many requests were received. */
  readonly count: number;
  /** Makes this token expired from now on (for this API). */
  expire(token: string): void;
  /** Makes every token issued so far expired (for this API). */
  expireAll(): void;
  /** Stops the server and ends every pending request. */
  close(): Promise<void>;
}

/**
 * Starts a protected API on a random port of 127.0.0.1. It accepts `Authorization: Bearer <token>`
 * for tokens the given token server issued that have not expired (by their `expires_in` against
 * real time, or by {@link ApiServer.expire}), and answers 401 with `WWW-Authenticate` otherwise:
 * `Bearer error="invalid_token"` for a bad token, `Bearer` when no token was sent.
 * `GET /redirect?to=<absolute url>[&status=302]` answers 307 (or the given status) to that URL
 * without looking at the token, to test what a client sends after a redirect.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 * @example
 * ```ts
 * const tokens = await startTokenServer();
 * const api = await startApiServer({ tokenServer: tokens });
 * const response = await fetch(`${api.origin}/items`, { headers: { authorization: `Bearer ${token}` } });
 * api.expire(token); // the next request with it gets a 401
 * ```
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const requests: ApiRequestRecord[] = [];
  const expired = new Set<string>();
  let expiredUntil = 0;

  const valid = (token: string): boolean => {
    const issued = options.tokenServer.find(token);
    if (issued === undefined || expired.has(token) || issued.issuedAt <= expiredUntil) return false;
    return issued.expiresAt === null || now() < issued.expiresAt;
  };

  const server = await listen(async (req, res, signal) => {
    const time = Date.now();
    const body = await readBody(req);
    const headers = headersOf(req);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const token = /^bearer +(\S+) *$/i.exec(headers.authorization ?? '')?.[1] ?? null;
    const reply = (status: number, send: () => void) => {
      requests.push({ method, path, headers, body, token, status, time });
      send();
    };
    const url = new URL(path, 'http://x');
    // `?delay=<ms>` holds one request before its token is checked: a token can change meanwhile.
    const held = Number(url.searchParams.get('delay') ?? 0);
    if (!(await delay((options.latencyMs ?? 0) + held, signal))) return;

    if (url.pathname === '/redirect') {
      const to = url.searchParams.get('to');
      const status = Number(url.searchParams.get('status') ?? 307);
      if (to === null || !URL.canParse(to) || !(status >= 300 && status < 400)) {
        return reply(400, () => sendJson(res, 400, { ok: false, error: 'needs ?to=<absolute url> and an optional 3xx status' }));
      }
      return reply(status, () => send(res, status, '', { location: to }));
    }
    if (token === null) {
      return reply(401, () => sendJson(res, 401, { ok: false, error: 'no token' }, { 'www-authenticate': 'Bearer' }));
    }
    if (!valid(token)) {
      const challenge = { 'www-authenticate': 'Bearer error="invalid_token"' };
      return reply(401, () => sendJson(res, 401, { ok: false, error: 'invalid_token' }, challenge));
    }
    const answer: ApiResponseBody = { ok: true, path, method, token: token.slice(0, 6) };
    reply(200, () => sendJson(res, 200, method === 'GET' || method === 'HEAD' ? answer : { ...answer, body }));
  }, options);

  return {
    url: `${server.origin}/`,
    origin: server.origin,
    requests,
    get count() {
      return requests.length;
    },
    expire: (token) => void expired.add(token),
    expireAll: () => void (expiredUntil = now()),
    close: server.close,
  };
}
