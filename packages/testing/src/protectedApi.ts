import type { AuthorizationServer, IssuedToken } from './authorizationServer.js';
import { closeOnDispose } from './dispose.js';
import { delay, headersOf, listen, now, readBody, send, sendJson, type ServerOptions } from './http.js';

/** A request as {@link ProtectedApiOptions.requiredScopes} sees it. */
export interface ApiRequest {
  readonly method: string;
  /** The path, without the query. */
  readonly path: string;
}

/** Options of {@link startProtectedApi}. */
export interface ProtectedApiOptions extends ServerOptions {
  /** The authorization server whose tokens this API accepts. */
  readonly authorizationServer: Pick<AuthorizationServer, 'find'>;
  /**
   * The scopes a request needs, all of them (RFC 6750 §3.1 `insufficient_scope`, a 403); `undefined`
   * or `[]`: any valid token will do. Default: no scopes needed.
   *
   * @example
   * ```ts
   * requiredScopes: ({ method, path }) => (path.startsWith('/admin') ? ['admin'] : method === 'GET' ? ['read'] : ['write'])
   * ```
   */
  readonly requiredScopes?: (request: ApiRequest) => readonly string[] | undefined;
  /** The `realm` of the `WWW-Authenticate` challenges. Default: none. */
  readonly realm?: string;
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
export interface ProtectedApi {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request received, oldest first. */
  readonly requests: readonly ApiRequestRecord[];
  /** How many requests were received. */
  readonly count: number;
  /** Makes this token expired from now on (for this API): `error_description="the access token expired"`. */
  expire(token: string): void;
  /** Makes every token issued so far expired (for this API). */
  expireAll(): void;
  /** Revokes this token (for this API): `error_description="the access token was revoked"`. */
  revoke(token: string): void;
  /** Stops the server and ends every pending request. Safe to call twice. */
  close(): Promise<void>;
  /** `await using api = await startProtectedApi(…)` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a protected API (a resource server) on a free port of 127.0.0.1. It accepts
 * `Authorization: Bearer <token>` for tokens the given authorization server issued that have not
 * expired (by their `expires_in` against real time, or by {@link ProtectedApi.expire}) nor been
 * revoked, and that carry the scopes `requiredScopes` asks for. Otherwise it answers as RFC 6750 §3
 * says: 401 `WWW-Authenticate: Bearer` when no token was sent, 401 `Bearer error="invalid_token"`
 * for a bad one, 403 `Bearer error="insufficient_scope", scope="…"` when scopes are missing.
 * `GET /redirect?to=<absolute url>[&status=302]` answers 307 (or the given status) to that URL
 * without looking at the token, to test what a client sends after a redirect; `?delay=<ms>` holds
 * a request before its token is checked.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 * @example
 * ```ts
 * await using server = await startAuthorizationServer();
 * await using api = await startProtectedApi({ authorizationServer: server });
 * const response = await fetch(`${api.origin}/items`, { headers: { authorization: `Bearer ${token}` } });
 * api.revoke(token); // the next request with it gets a 401 invalid_token
 * ```
 */
export async function startProtectedApi(options: ProtectedApiOptions): Promise<ProtectedApi> {
  const requests: ApiRequestRecord[] = [];
  const expired = new Set<string>();
  const revoked = new Set<string>();
  let expiredUntil = 0;
  const realm = options.realm === undefined ? [] : [`realm="${options.realm}"`];
  const challenge = (...params: string[]) => ['Bearer', [...realm, ...params].join(', ')].filter(Boolean).join(' ');

  // Why a token is refused, or the token as issued.
  const check = (token: string): IssuedToken | string => {
    const issued = options.authorizationServer.find(token);
    if (issued === undefined) return 'the access token is unknown';
    if (revoked.has(token)) return 'the access token was revoked';
    if (expired.has(token) || issued.issuedAt <= expiredUntil || (issued.expiresAt !== null && now() >= issued.expiresAt)) return 'the access token expired';
    return issued;
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
    // RFC 6750 §3.1: no error code when the request carried no token.
    if (token === null) return reply(401, () => sendJson(res, 401, { ok: false, error: 'no token' }, { 'www-authenticate': challenge() }));
    const issued = check(token);
    if (typeof issued === 'string') {
      const header = challenge('error="invalid_token"', `error_description="${issued}"`);
      return reply(401, () => sendJson(res, 401, { ok: false, error: 'invalid_token' }, { 'www-authenticate': header }));
    }
    const needed = options.requiredScopes?.({ method, path: url.pathname }) ?? [];
    const granted = new Set((issued.scope ?? '').split(' '));
    if (!needed.every((scope) => granted.has(scope))) {
      const header = challenge('error="insufficient_scope"', `scope="${needed.join(' ')}"`);
      return reply(403, () => sendJson(res, 403, { ok: false, error: 'insufficient_scope', scope: needed.join(' ') }, { 'www-authenticate': header }));
    }
    const answer: ApiResponseBody = { ok: true, path, method, token: token.slice(0, 6) };
    reply(200, () => sendJson(res, 200, method === 'GET' || method === 'HEAD' ? answer : { ...answer, body }));
  }, options);

  return closeOnDispose({
    url: `${server.origin}/`,
    origin: server.origin,
    requests,
    get count() {
      return requests.length;
    },
    expire: (token: string) => void expired.add(token),
    expireAll: () => void (expiredUntil = now()),
    revoke: (token: string) => void revoked.add(token),
    close: server.close,
  });
}
