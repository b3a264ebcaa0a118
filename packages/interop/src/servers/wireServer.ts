import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { serveOnLoopback } from '@tok/test-utils';

/** A token request as a provider's endpoint sees it. */
export interface WireRequest {
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** `form`, `json`, or `other` by content type. */
  readonly bodyType: 'form' | 'json' | 'other';
  /** Body fields (form or JSON object; JSON values as they came). */
  readonly fields: Readonly<Record<string, unknown>>;
  /** `Authorization: Basic` split at the first colon, not decoded further; `null` without one. */
  readonly basic: { readonly id: string; readonly secret: string } | null;
}

/** What the endpoint answers: an error (status and OAuth error) or a token body. */
export type WireAnswer = { status: number; body: Record<string, unknown> } | { token: (accessToken: string) => Record<string, unknown> };

/** Options of {@link startWireServer}. */
export interface WireServerOptions {
  /** Path of the token endpoint, e.g. `/oauth/token`. */
  readonly tokenPath: string;
  /** Decides the answer to a token request, as the provider documents it. */
  readonly answer: (request: WireRequest) => WireAnswer;
  /** The header the API reads the token from. Default `authorization` with `Bearer `. */
  readonly apiHeader?: string;
  /** Tokens the API accepts besides those issued (a long-lived token). */
  readonly staticTokens?: readonly string[];
}

/** A provider-shaped token endpoint and a protected API (`/api/…`) that accepts the tokens it issued. */
export interface WireServer {
  readonly origin: string;
  readonly tokenUrl: string;
  /** Token requests received, oldest first. */
  readonly requests: readonly WireRequest[];
  /** API calls received: the path and whether the token was accepted. */
  readonly apiCalls: readonly { path: string; accepted: boolean }[];
  close(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1 that speaks one provider's documented token-endpoint wire format,
 * as `answer` encodes it, plus an API under `/api/` that answers 200 only for a token it issued.
 */
export async function startWireServer(options: WireServerOptions): Promise<WireServer> {
  const requests: WireRequest[] = [];
  const apiCalls: { path: string; accepted: boolean }[] = [];
  const issued = new Set(options.staticTokens ?? []);
  const apiHeader = options.apiHeader ?? 'authorization';

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
      res.end(JSON.stringify(body));
    };
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };

    if (url.pathname !== options.tokenPath && url.pathname.startsWith('/api/')) {
      const raw = header(apiHeader) ?? '';
      const token = apiHeader === 'authorization' ? /^Bearer (\S+)$/.exec(raw)?.[1] : raw;
      const accepted = token !== undefined && issued.has(token);
      apiCalls.push({ path: url.pathname, accepted });
      return accepted ? reply(200, { ok: true }) : reply(401, { ok: false }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    if (url.pathname !== options.tokenPath) return reply(404, { error: 'not_found' });

    const type = (header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    const bodyType = type === 'application/x-www-form-urlencoded' ? 'form' : type === 'application/json' ? 'json' : 'other';
    let fields: Record<string, unknown> = {};
    if (bodyType === 'form') fields = Object.fromEntries(new URLSearchParams(text));
    if (bodyType === 'json') {
      try {
        fields = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return reply(400, { error: 'invalid_request', error_description: 'malformed JSON' });
      }
    }
    const basicMatch = /^Basic (\S+)$/i.exec(header('authorization') ?? '');
    const decoded = basicMatch?.[1] === undefined ? null : Buffer.from(basicMatch[1], 'base64').toString('utf8');
    const colon = decoded?.indexOf(':') ?? -1;
    const basic = decoded === null || colon < 0 ? null : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
    const headers = Object.fromEntries(Object.keys(req.headers).map((name) => [name, header(name)]));
    const request: WireRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, bodyType, fields, basic };
    requests.push(request);

    const answer = options.answer(request);
    if ('status' in answer) return reply(answer.status, answer.body);
    const accessToken = randomBytes(18).toString('base64url');
    issued.add(accessToken);
    reply(200, answer.token(accessToken));
  });
  const { origin, close } = await serveOnLoopback(server);
  return {
    origin,
    tokenUrl: `${origin}${options.tokenPath}`,
    requests,
    apiCalls,
    close,
  };
}

/** An RFC 6749 §5.2 error answer. */
export function oauthError(status: number, error: string, description: string): WireAnswer {
  return { status, body: { error, error_description: description } };
}
