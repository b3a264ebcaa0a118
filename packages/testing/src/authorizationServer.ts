import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type BasicCredentials, parseBasic } from './basic.js';
import { acceptedMethods, type ClientAuthMethod, checkTokenRequest, defaultClient, methodOf, type TokenClient } from './clientAuth.js';
import { closeOnDispose } from './dispose.js';
import type { TokenBehaviour } from './faults.js';
import { type Fields, parseFields } from './fields.js';
import { delay, headersOf, listen, now, readBody, send, sendJson, type ServerOptions, streamJunk } from './http.js';
import { ASSERTION_ALGORITHMS, newSigningKey } from './jwt.js';

/** Options of {@link startAuthorizationServer}. */
export interface AuthorizationServerOptions extends ServerOptions {
  /** The clients that may get tokens. Default: `[defaultClient]` (`test-client` / `test-secret`). */
  readonly clients?: readonly TokenClient[];
  /** The `grant_type` the server accepts. Default `'client_credentials'`. */
  readonly grantType?: string;
  /** The token endpoint's path. Default `'/token'`. */
  readonly path?: string;
  /** `expires_in` of issued tokens, in seconds; `undefined` leaves it out. Default `3600`. */
  readonly expiresIn?: number | string | undefined;
  /** `token_type` of issued tokens; `null` leaves it out. Default `'Bearer'`. */
  readonly tokenType?: string | null;
  /**
   * `'opaque'` (default): 32 random characters. `'jwt'`: an RFC 9068 JWT access token signed
   * ES256 with a key made for this server (public key at `jwksUrl`), whose `aud` is `audience`.
   */
  readonly tokenFormat?: 'opaque' | 'jwt';
  /** The `aud` of JWT access tokens (when the request names no `resource`). Default: the issuer. */
  readonly audience?: string;
  /** Scopes the server knows: a request for another is refused with `invalid_scope`. Default: any. */
  readonly scopes?: readonly string[];
  /** Behaviours for the first token requests, one each, in order (see {@link faults}). */
  readonly script?: readonly TokenBehaviour[];
  /** Delay before every answer, in milliseconds. Default `0`. */
  readonly latencyMs?: number;
  /** Makes a new opaque access token. Default: 32 random base64url characters. */
  readonly createToken?: () => string;
}

/** What became of a token request: a token, an OAuth error, or an injected fault. */
export type RequestOutcome = 'issued' | 'refused' | 'fault';

/** One request the authorization server received. */
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
  /** Token endpoint requests: how the client authenticated (`null` when it named no client). */
  readonly placement?: ClientAuthMethod | null;
  /** Token endpoint requests: what the answer was, once it was decided. */
  readonly outcome?: RequestOutcome;
  /** The OAuth `error` answered, for a refused request. */
  readonly error?: string;
}

/** Token endpoint requests counted by how the client authenticated and by what became of them. */
export interface RequestCounts {
  /** Every request that reached the token endpoint. */
  readonly total: number;
  /**
   * By client authentication method (`unknown`: the request named no client). A raw Basic header
   * that form-decoding leaves unchanged (no `%` or `+` in it) is the same bytes as `basic`, and
   * counts as `basic`.
   */
  readonly byPlacement: Readonly<Partial<Record<ClientAuthMethod | 'unknown', number>>>;
  readonly byOutcome: Readonly<Record<RequestOutcome, number>>;
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

/** A running OAuth 2.0 authorization server. */
export interface AuthorizationServer {
  /** The issuer identifier: `http://127.0.0.1:<port>`. */
  readonly issuer: string;
  /** The token endpoint URL, e.g. `http://127.0.0.1:54321/token`. */
  readonly url: string;
  /** The same as {@link AuthorizationServer.url}, by the name clients give it. */
  readonly tokenUrl: string;
  /** RFC 8414 metadata: `<issuer>/.well-known/oauth-authorization-server`. */
  readonly metadataUrl: string;
  /** The public keys of JWT access tokens (a JWK Set). */
  readonly jwksUrl: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request received, oldest first (token endpoint or not). */
  readonly requests: readonly TokenRequestRecord[];
  /** How many requests reached the token endpoint path. */
  readonly count: number;
  /** Token endpoint requests by placement and outcome, since start or the last `reset()`. */
  readonly counts: RequestCounts;
  /** Tokens issued since start or the last `reset()`, oldest first. */
  readonly issued: readonly IssuedToken[];
  /** Queues behaviours for the next token requests, one each, in order (see {@link faults}). */
  behave(...next: TokenBehaviour[]): void;
  /** The behaviour used when the queue is empty. */
  setDefault(behaviour: TokenBehaviour): void;
  /** The issued token with this value, even if issued before a `reset()`. */
  find(accessToken: string): IssuedToken | undefined;
  /** Clears records, counts, queued behaviours and the default behaviour. Issued tokens stay valid. */
  reset(): void;
  /** Stops the server and ends every pending request. Safe to call twice. */
  close(): Promise<void>;
  /** `await using server = await startAuthorizationServer()` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts an OAuth 2.0 authorization server for the client credentials grant on a free port of
 * 127.0.0.1. It authenticates clients every way `@tok/core` can send credentials (see
 * {@link ClientAuthMethod}), verifies `private_key_jwt` and `client_secret_jwt` assertions for
 * real, answers as RFC 6749 §5.1 and §5.2 say, publishes RFC 8414 metadata, and issues opaque or
 * JWT access tokens. Queued or scripted {@link TokenBehaviour}s (see {@link faults}) replace or
 * adjust answers; {@link AuthorizationServer.counts} counts requests by placement and outcome.
 * Uses no test-runner API: it works the same under vitest, jest and `node:test`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 * @example
 * ```ts
 * await using server = await startAuthorizationServer({ clients: [{ clientId: 'app', clientSecret: 's3cret' }] });
 * server.behave(faults.serverError(), faults.delay(100)); // the next request fails, the one after is slow
 * const grant = clientCredentials({ tokenUrl: server.tokenUrl, clientId: 'app', clientSecret: 's3cret' });
 * // … after the calls:
 * expect(server.counts.byOutcome).toStrictEqual({ issued: 1, refused: 0, fault: 1 });
 * ```
 */
export async function startAuthorizationServer(options: AuthorizationServerOptions = {}): Promise<AuthorizationServer> {
  const path = options.path ?? '/token';
  const latencyMs = options.latencyMs ?? 0;
  const clients = options.clients ?? [defaultClient];
  const grantType = options.grantType ?? 'client_credentials';
  const createToken = options.createToken ?? (() => randomBytes(24).toString('base64url'));
  const signingKey = options.tokenFormat === 'jwt' ? newSigningKey() : undefined;
  const requests: TokenRequestRecord[] = [];
  const issued: IssuedToken[] = [];
  const everIssued = new Map<string, IssuedToken>();
  const seenAssertions = new Set<string>();
  const queue: TokenBehaviour[] = [...(options.script ?? [])];
  let fallback: TokenBehaviour = {};

  const pathOf = (target: string) => new URL(target, 'http://x').pathname;
  const isTokenPath = (target: string) => pathOf(target) === path;

  const server = await listen(async (req, res, signal) => {
    const time = Date.now();
    const body = await readBody(req);
    // A client that went away before its request was read asked for nothing: it is not counted
    // (else a test that aborts one could have it counted in the middle of whatever runs next).
    if (signal.aborted) return;
    const headers = headersOf(req);
    const parsed = parseFields(body, headers['content-type']);
    const base = { method: req.method ?? 'GET', path: req.url ?? '/', headers, body, fields: parsed.fields, basic: parseBasic(headers.authorization), time };
    if (!isTokenPath(base.path)) {
      requests.push(base);
      return answerOther(res, pathOf(base.path));
    }
    // The record is completed (placement, outcome) as the answer is decided; it is counted at once.
    const record: Mutable<TokenRequestRecord> = { ...base, placement: methodOf(base) };
    requests.push(record);

    const behaviour = queue.shift() ?? fallback;
    if (!(await delay(latencyMs + (behaviour.delayMs ?? 0), signal))) return;
    const extra = behaviour.headers ?? {};
    if (behaviour.drop === true || behaviour.hang === true || behaviour.bodyBytes !== undefined || behaviour.status !== undefined || behaviour.body !== undefined) {
      record.outcome = 'fault';
      if (behaviour.drop === true) return void req.socket.destroy();
      if (behaviour.hang === true) return;
      if (behaviour.bodyBytes !== undefined) return streamJunk(res, behaviour.bodyBytes, extra);
      return sendCustom(res, behaviour, extra);
    }

    const outcome = checkTokenRequest(record, parsed.error, { clients, grantType, audiences: [issuer, tokenUrl], seenAssertions });
    if ('error' in outcome) {
      const { status, error, description, headers: errorHeaders } = outcome;
      Object.assign(record, { outcome: 'refused', error });
      return sendJson(res, status, { error, error_description: description }, { ...noStore, ...errorHeaders, ...extra });
    }
    record.placement = outcome.method;
    const scopeError = checkScope(record.fields.scope, outcome.client);
    if (scopeError !== undefined) {
      Object.assign(record, { outcome: 'refused', error: 'invalid_scope' });
      return sendJson(res, 400, { error: 'invalid_scope', error_description: scopeError }, { ...noStore, ...extra });
    }
    record.outcome = 'issued';
    const token = issue(outcome.clientId, record.fields, behaviour);
    const contentType = behaviour.contentType === undefined ? {} : { 'content-type': behaviour.contentType };
    sendJson(res, 200, successBody(token, behaviour), { ...noStore, ...contentType, ...extra });
  }, options);
  const issuer = server.origin;
  const tokenUrl = `${issuer}${path}`;
  const jwksUrl = `${issuer}/jwks`;

  function checkScope(requested: string | string[] | undefined, client: TokenClient): string | undefined {
    const scopes = typeof requested === 'string' ? requested.split(' ').filter(Boolean) : [];
    const unknown = scopes.find((scope) => !(options.scopes ?? [scope]).includes(scope));
    if (unknown !== undefined) return `unknown scope ${unknown}`;
    const refused = scopes.find((scope) => !(client.scopes ?? [scope]).includes(scope));
    return refused === undefined ? undefined : `this client may not have scope ${refused}`;
  }

  function answerOther(res: ServerResponse, pathname: string): void {
    if (pathname === '/.well-known/oauth-authorization-server') return sendJson(res, 200, metadata());
    if (pathname === '/jwks' && signingKey !== undefined) return sendJson(res, 200, { keys: [signingKey.publicJwk] });
    sendJson(res, 404, { error: 'not_found' });
  }

  // RFC 8414 §2: what a client needs to know of this server, derived from its options.
  function metadata(): Record<string, unknown> {
    const methods = new Set(clients.flatMap(acceptedMethods).map((method) => SPEC_NAMES[method]));
    return {
      issuer,
      token_endpoint: tokenUrl,
      grant_types_supported: [grantType],
      response_types_supported: [],
      token_endpoint_auth_methods_supported: [...methods],
      token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGORITHMS],
      ...(options.scopes ? { scopes_supported: [...options.scopes] } : {}),
      ...(signingKey ? { jwks_uri: jwksUrl } : {}),
    };
  }

  function issue(clientId: string, fields: Fields, behaviour: TokenBehaviour): IssuedToken {
    const expiresIn = 'expiresIn' in behaviour ? behaviour.expiresIn : 'expiresIn' in options ? options.expiresIn : 3600;
    const requested = fields.scope === undefined ? undefined : String(fields.scope);
    const scope = 'scope' in behaviour ? (behaviour.scope ?? undefined) : requested;
    const issuedAt = now();
    const seconds = typeof expiresIn === 'string' && /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn;
    const expiresAt = typeof seconds === 'number' && Number.isFinite(seconds) ? issuedAt + seconds * 1000 : null;
    const accessToken = behaviour.accessToken ?? (signingKey ? jwtAccessToken(clientId, scope, fields, issuedAt, expiresAt) : createToken());
    const token: IssuedToken = { accessToken, clientId, scope, expiresIn, issuedAt, expiresAt };
    issued.push(token);
    everIssued.set(token.accessToken, token);
    return token;
  }

  // RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti, and the granted scope.
  function jwtAccessToken(clientId: string, scope: string | undefined, fields: Fields, issuedAt: number, expiresAt: number | null): string {
    const resource = typeof fields.resource === 'string' ? fields.resource : undefined;
    const iat = Math.floor(issuedAt / 1000);
    return (signingKey as NonNullable<typeof signingKey>).sign({
      iss: issuer,
      sub: clientId,
      client_id: clientId,
      aud: resource ?? options.audience ?? issuer,
      iat,
      ...(expiresAt === null ? {} : { exp: Math.floor(expiresAt / 1000) }),
      jti: randomUUID(),
      ...(scope === undefined ? {} : { scope }),
    });
  }

  function successBody(token: IssuedToken, behaviour: TokenBehaviour): Record<string, unknown> {
    const tokenType = 'tokenType' in behaviour ? behaviour.tokenType : 'tokenType' in options ? options.tokenType : 'Bearer';
    const body: Record<string, unknown> = { access_token: token.accessToken };
    if (tokenType !== null && tokenType !== undefined) body.token_type = tokenType;
    if (token.expiresIn !== undefined) body.expires_in = token.expiresIn;
    if (token.scope !== undefined) body.scope = token.scope;
    return { ...body, ...behaviour.fields };
  }

  const tokenRequests = () => requests.filter((request) => isTokenPath(request.path));
  return closeOnDispose({
    issuer,
    url: tokenUrl,
    tokenUrl,
    metadataUrl: `${issuer}/.well-known/oauth-authorization-server`,
    jwksUrl,
    origin: server.origin,
    requests,
    get count() {
      return tokenRequests().length;
    },
    get counts() {
      const byPlacement: Partial<Record<ClientAuthMethod | 'unknown', number>> = {};
      const byOutcome: Record<RequestOutcome, number> = { issued: 0, refused: 0, fault: 0 };
      const all = tokenRequests();
      for (const { placement, outcome } of all) {
        const key = placement ?? 'unknown';
        byPlacement[key] = (byPlacement[key] ?? 0) + 1;
        if (outcome !== undefined) byOutcome[outcome]++;
      }
      return { total: all.length, byPlacement, byOutcome };
    },
    issued,
    behave: (...next: TokenBehaviour[]) => void queue.push(...next),
    setDefault: (behaviour: TokenBehaviour) => void (fallback = behaviour),
    find: (accessToken: string) => everIssued.get(accessToken),
    reset() {
      requests.length = 0;
      issued.length = 0;
      queue.length = 0;
      fallback = {};
    },
    close: server.close,
  });
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// The names RFC 8414 metadata gives the methods (placements without one are left out).
const SPEC_NAMES: Record<ClientAuthMethod, string> = {
  basic: 'client_secret_basic',
  'basic-raw': 'client_secret_basic',
  'basic-with-client-id': 'client_secret_basic',
  form: 'client_secret_post',
  json: 'client_secret_post',
  none: 'none',
  private_key_jwt: 'private_key_jwt',
  client_secret_jwt: 'client_secret_jwt',
};

// RFC 6749 §5.1: token responses must not be cached.
const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

function sendCustom(res: ServerResponse, behaviour: TokenBehaviour, headers: Readonly<Record<string, string>>): void {
  const { status = 200, body = '' } = behaviour;
  if (typeof body === 'string') return send(res, status, body, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  sendJson(res, status, body, headers);
}
