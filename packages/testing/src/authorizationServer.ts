import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type BasicCredentials, parseBasic } from './basic.js';
import { type Fields, parseFields } from './fields.js';
import { delay, headersOf, listen, now, readBody, send, sendJson, type ServerOptions } from './http.js';
import { checkTokenRequest, type TokenClient } from './tokenRequest.js';

/**
 * What the token server does with one request. Fields combine: `{ delayMs: 200, status: 503 }`
 * waits, then answers 503. A behaviour with neither `status` nor `body`, `drop` nor `hang`
 * gives the normal RFC 6749 answer, adjusted by the token fields.
 */
export interface TokenBehaviour {
  /** Wait this long before answering (added to the server's `latencyMs`). */
  readonly delayMs?: number;
  /** Answer with this status instead of the normal answer (`body` defaults to empty). */
  readonly status?: number;
  /** Answer with this body instead of the normal answer: a string as is, anything else as JSON. */
  readonly body?: unknown;
  /** Headers added to whatever the answer is (e.g. `Retry-After` with `status: 429`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Destroy the connection without answering. */
  readonly drop?: boolean;
  /** Never answer; the request ends when the server closes. */
  readonly hang?: boolean;
  /** `expires_in` to send: a number, a string such as `'3600'`, or `undefined` to leave it out. */
  readonly expiresIn?: number | string | undefined;
  /** `token_type` to send (e.g. `'bearer'`), or `null` to leave it out. */
  readonly tokenType?: string | null;
  /** The `access_token` to issue instead of a random one (e.g. a JWT). */
  readonly accessToken?: string;
  /** `scope` to send, or `null` to leave it out. Default: the requested scope, if any. */
  readonly scope?: string | null;
  /** More fields for the success body (they override the standard ones). */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** Options of {@link startTokenServer}. */
export interface TokenServerOptions extends ServerOptions {
  /** The clients that may get tokens. Default: `[defaultClient]`. */
  readonly clients?: readonly TokenClient[];
  /** The `grant_type` the server accepts. Default `'client_credentials'`. */
  readonly grantType?: string;
  /** The token endpoint's path. Default `'/token'`. */
  readonly path?: string;
  /** `expires_in` of issued tokens; `undefined` leaves it out. Default `3600`. */
  readonly expiresIn?: number | string | undefined;
  /** `token_type` of issued tokens; `null` leaves it out. Default `'Bearer'`. */
  readonly tokenType?: string | null;
  /** Delay before every answer, in milliseconds (benchmarks use 50). Default `0`. */
  readonly latencyMs?: number;
  /** Makes a new access token. Default: 32 random base64url characters. */
  readonly createToken?: () => string;
}

/** One request the token server received. */
export interface TokenRequestRecord {
  readonly method: string;
  /** The request target: path and query. */
  readonly path: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body. */
  readonly body: string;
  /** The form or JSON body fields; a field sent more than once is an array. */
  readonly fields: Readonly<Fields>;
  /** The `Authorization: Basic` credentials, if any. */
  readonly basic: BasicCredentials | null;
  /** When the request arrived (`Date.now()`). */
  readonly time: number;
}

/** A token the server issued. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly clientId: string;
  readonly scope: string | undefined;
  /** `expires_in` as sent (`undefined` when left out). */
  readonly expiresIn: number | string | undefined;
  /** When it was issued: milliseconds since the epoch, with sub-millisecond precision. */
  readonly issuedAt: number;
  /** When the token stops being accepted (same scale); `null` when it never expires. */
  readonly expiresAt: number | null;
}

/** A running OAuth 2.0 token endpoint. */
export interface TokenServer {
  /** The token endpoint URL, e.g. `http://127.0.0.1:54321/token`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request received, oldest first (token endpoint or not). */
  readonly requests: readonly TokenRequestRecord[];
  /** How many requests reached the token endpoint path. */
  readonly count: number;
  /** Tokens issued since start or the last `reset()`, oldest first. */
  readonly issued: readonly IssuedToken[];
  /** Queues behaviours for the next token requests, one each, in order. */
  behave(...next: TokenBehaviour[]): void;
  /** The behaviour used when the queue is empty. */
  setDefault(behaviour: TokenBehaviour): void;
  /** The issued token with this value, even if issued before a `reset()`. */
  find(accessToken: string): IssuedToken | undefined;
  /** Clears records, queued behaviours and the default behaviour. Issued tokens stay valid. */
  reset(): void;
  /** Stops the server and ends every pending request. */
  close(): Promise<void>;
}

/**
 * Starts an OAuth 2.0 token endpoint (client credentials grant) on a random port of 127.0.0.1.
 * It authenticates clients by `Authorization: Basic` (RFC 6749 §2.3.1 form-urldecoded, or raw),
 * by `client_id`/`client_secret` in a form body or in a JSON body, and answers as RFC 6749 §5.1
 * and §5.2 say, unless a queued or default {@link TokenBehaviour} says otherwise.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5
 * @example
 * ```ts
 * const server = await startTokenServer({ clients: [{ clientId: 'app', clientSecret: 's3cret' }] });
 * server.behave({ status: 503 }, { delayMs: 100 }); // the next request fails, the one after is slow
 * const grant = clientCredentials({ tokenUrl: server.url, clientId: 'app', clientSecret: 's3cret' });
 * // … after the test:
 * expect(server.count).toBe(2);
 * await server.close();
 * ```
 */
export async function startTokenServer(options: TokenServerOptions = {}): Promise<TokenServer> {
  const path = options.path ?? '/token';
  const latencyMs = options.latencyMs ?? 0;
  const createToken = options.createToken ?? (() => randomBytes(24).toString('base64url'));
  const requests: TokenRequestRecord[] = [];
  const issued: IssuedToken[] = [];
  const everIssued = new Map<string, IssuedToken>();
  const queue: TokenBehaviour[] = [];
  let fallback: TokenBehaviour = {};

  const isTokenPath = (target: string) => new URL(target, 'http://x').pathname === path;

  const server = await listen(async (req, res, signal) => {
    const time = Date.now();
    const body = await readBody(req);
    const headers = headersOf(req);
    const parsed = parseFields(body, headers['content-type']);
    const record: TokenRequestRecord = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers,
      body,
      fields: parsed.fields,
      basic: parseBasic(headers.authorization),
      time,
    };
    requests.push(record);
    if (!isTokenPath(record.path)) return sendJson(res, 404, { error: 'not_found' });

    const behaviour = queue.shift() ?? fallback;
    if (!(await delay(latencyMs + (behaviour.delayMs ?? 0), signal))) return;
    if (behaviour.drop === true) return void req.socket.destroy();
    if (behaviour.hang === true) return;
    const extra = behaviour.headers ?? {};
    if (behaviour.status !== undefined || behaviour.body !== undefined) return sendCustom(res, behaviour, extra);

    const outcome = checkTokenRequest(record, parsed.error, options);
    if ('error' in outcome) {
      const { status, error, description, headers: errorHeaders } = outcome;
      return sendJson(res, status, { error, error_description: description }, { ...noStore, ...errorHeaders, ...extra });
    }
    const token = issue(outcome.clientId, record.fields, behaviour);
    sendJson(res, 200, successBody(token, behaviour), { ...noStore, ...extra });
  }, options);

  function issue(clientId: string, fields: Fields, behaviour: TokenBehaviour): IssuedToken {
    const expiresIn = 'expiresIn' in behaviour ? behaviour.expiresIn : 'expiresIn' in options ? options.expiresIn : 3600;
    const requested = fields.scope === undefined ? undefined : String(fields.scope);
    const scope = 'scope' in behaviour ? (behaviour.scope ?? undefined) : requested;
    const issuedAt = now();
    const seconds = typeof expiresIn === 'string' && /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn;
    const token: IssuedToken = {
      accessToken: behaviour.accessToken ?? createToken(),
      clientId,
      scope,
      expiresIn,
      issuedAt,
      expiresAt: typeof seconds === 'number' && Number.isFinite(seconds) ? issuedAt + seconds * 1000 : null,
    };
    issued.push(token);
    everIssued.set(token.accessToken, token);
    return token;
  }

  function successBody(token: IssuedToken, behaviour: TokenBehaviour): Record<string, unknown> {
    const tokenType = 'tokenType' in behaviour ? behaviour.tokenType : 'tokenType' in options ? options.tokenType : 'Bearer';
    const body: Record<string, unknown> = { access_token: token.accessToken };
    if (tokenType !== null && tokenType !== undefined) body.token_type = tokenType;
    if (token.expiresIn !== undefined) body.expires_in = token.expiresIn;
    if (token.scope !== undefined) body.scope = token.scope;
    return { ...body, ...behaviour.fields };
  }

  return {
    url: `${server.origin}${path}`,
    origin: server.origin,
    requests,
    get count() {
      return requests.filter((request) => isTokenPath(request.path)).length;
    },
    issued,
    behave: (...next) => void queue.push(...next),
    setDefault: (behaviour) => void (fallback = behaviour),
    find: (accessToken) => everIssued.get(accessToken),
    reset() {
      requests.length = 0;
      issued.length = 0;
      queue.length = 0;
      fallback = {};
    },
    close: server.close,
  };
}

// RFC 6749 §5.1: token responses must not be cached.
const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

function sendCustom(res: ServerResponse, behaviour: TokenBehaviour, headers: Readonly<Record<string, string>>): void {
  const { status = 200, body = '' } = behaviour;
  if (typeof body === 'string') return send(res, status, body, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  sendJson(res, status, body, headers);
}
