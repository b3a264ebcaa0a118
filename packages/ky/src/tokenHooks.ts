import { isTokError } from '@tok/core';
import { type Auth, type AuthorizeOptions, createAuthorizer, isReplayable, sendRequest } from '@tok/core/adapter';
import ky, { TimeoutError } from 'ky';
import { kyTransport, TOKEN_REQUEST } from './kyTransport.js';

/**
 * ky's hooks for {@link tokenHooks}: typed loosely to fit ky 1 (arguments) and ky 2 (one state
 * object). `init` is ky 2's; ky 1 ignores it.
 *
 * @example
 * ```ts
 * const api = ky.create({ hooks: { ...tokenHooks(grant), beforeError: [logError] } });
 * ```
 */
export interface TokenHooks {
  init: Array<(...args: unknown[]) => void>;
  beforeRequest: Array<(...args: unknown[]) => Promise<Response | undefined> | undefined>;
  beforeRetry: Array<(...args: unknown[]) => void>;
}

// What the hooks read of ky's options, in ky 1 and ky 2.
interface KyOptions {
  prefixUrl?: string | URL;
  prefix?: string | URL;
  baseUrl?: string | URL;
  body?: unknown;
  timeout?: number | false;
  fetch?: (request: Request, init?: RequestInit) => Promise<Response>;
  context?: Record<PropertyKey, unknown>;
}

type Token = Parameters<ReturnType<typeof createAuthorizer>['value']>[0];
type Send = (request: Request, init?: RequestInit) => Promise<Response>;

// The runtime's fetch, called on the global object (some runtimes refuse it called on another).
const globalFetch: Send = (request, init) => globalThis.fetch(request, init);

const baseUrlOf = ({ prefixUrl, prefix, baseUrl }: KyOptions) => String(prefixUrl || prefix || baseUrl || '') || undefined;
// ky 1's options that are its own or a Request's; the others go to fetch (undici's `dispatcher`), as ky sends them.
const KY_1_OPTIONS = new Set('json parseJson stringifyJson searchParams prefixUrl retry timeout hooks throwHttpErrors onDownloadProgress onUploadProgress fetch context method headers body mode credentials cache redirect referrer referrerPolicy integrity keepalive signal window duplex'.split(' '));

/**
 * ky hooks that give requests to the allowed origins a bearer token from `auth`: a grant from
 * `clientCredentials(…)` (its token requests go through ky), a shared token source, or a long-lived
 * token string. `origins` defaults to the instance's `prefixUrl` (ky 1) or `prefix` / `baseUrl`
 * (ky 2) origin. On a 401 the token the request used is invalidated and the request sent once more
 * with a fresh token (not when its body is a stream); outside browsers redirects are followed by tok,
 * so that a hop to another origin never carries the token. When no token can be had the request
 * rejects with the token source's error (`OAuthError`, `TransportError`, …), unsent and not retried.
 *
 * tok sends the request for ky (ky 1: from `beforeRequest`; ky 2: through the `fetch` an `init`
 * hook gives the request), so that ky need not copy each answer for an `afterResponse` hook. ky's
 * `timeout`, `retry` and your other hooks apply as without tok.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { clientCredentials } from '@tok/core';
 * import { tokenHooks } from '@tok/ky';
 *
 * const api = ky.create({
 *   prefixUrl: 'https://api.example.com/v1', // ky 2: prefix
 *   hooks: tokenHooks(clientCredentials({
 *     tokenUrl: 'https://auth.example.com/oauth/token',
 *     clientId: process.env.CLIENT_ID,
 *     clientSecret: process.env.CLIENT_SECRET,
 *   })),
 * });
 * const items = await api.get('items').json();
 * ```
 */
export function tokenHooks(auth: Auth, options?: AuthorizeOptions): TokenHooks {
  const authorizer = createAuthorizer(auth, options, { transport: kyTransport(ky), baseUrlPerRequest: true });

  const { header } = authorizer;
  // The token for `request`, or `undefined` when it goes out as it is.
  const tokenFor = (request: Request, options: KyOptions) => {
    if (options.context?.[TOKEN_REQUEST] || !authorizer.attaches(request.url, request.headers.get(header), baseUrlOf(options))) return undefined;
    return authorizer.token(request.signal);
  };
  const send = (send: Send, request: Request, token: Token, options: KyOptions) =>
    sendRequest(authorizer, send, request, token, { follow: authorizer.follows(request.redirect), replayable: isReplayable(options.body), baseUrl: baseUrlOf(options) });

  return {
    // ky 2: each request's `fetch` sends a request that carries tok's header, inside ky's timeout and retries.
    init: [
      (options) => {
        const settings = options as KyOptions;
        if (settings.context?.[TOKEN_REQUEST]) return;
        const fetch = settings.fetch ?? globalFetch;
        const sendVia: Send = (next, extra) => fetch(next, extra ? { ...sent, ...extra } : sent);
        let sent: RequestInit | undefined;
        settings.fetch = (request, init) => {
          const used = authorizer.tokenOf(request.headers.get(header));
          if (!used) return fetch(request, init);
          sent = init;
          return send(sendVia, request, used, settings);
        };
      },
    ],
    beforeRequest: [
      (...args) => {
        // ky 2 passes one state object: write the header here (the wait stays outside ky's timeout).
        if (!(args[0] instanceof Request)) {
          const { request, options } = args[0] as { request: Request; options: KyOptions };
          const token = tokenFor(request, options);
          const write = (token: Token) => void request.headers.set(header, authorizer.value(token));
          return token instanceof Promise ? token.then(write) : token && write(token);
        }
        // ky 1: the hook sends the request and gives ky the answer, under ky's timeout.
        const [request, options] = args as [Request, KyOptions];
        const token = tokenFor(request, options);
        if (!token) return undefined;
        const fetch = options.fetch ?? globalFetch;
        const extra = unknownOptions(request, options);
        const sendVia: Send = (next, init) => timed(fetch, next, { ...extra, ...init }, options.timeout ?? 10_000);
        return token instanceof Promise ? token.then((token) => send(sendVia, request, token, options)) : send(sendVia, request, token, options);
      },
    ],
    // ky 1 retries whatever a beforeRequest hook throws; the token source has retried already.
    beforeRetry: [
      (...args) => {
        const { error } = args[0] as { error?: unknown };
        if (isTokError(error)) throw error;
      },
    ],
  };
}

// ky 1's timeout, for a request the hook sends: past `timeout` ms the request is aborted and the
// call rejects with ky's TimeoutError (which ky does not retry unless told to).
function timed(fetch: Send, request: Request, init: RequestInit, timeout: number | false): Promise<Response> {
  if (timeout === false) return fetch(request, init);
  const controller = new AbortController();
  const { signal } = request;
  const abort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', abort);
  return new Promise<Response>((resolve, reject) => {
    const timer = setTimeout(() => {
      controller.abort();
      reject(new TimeoutError(request));
    }, timeout);
    fetch(request, { ...init, signal: controller.signal })
      .then(resolve, reject)
      .finally(() => {
        clearTimeout(timer);
        signal.removeEventListener('abort', abort);
      });
  });
}

function unknownOptions(request: Request, options: KyOptions): RequestInit | undefined {
  let extra: Record<string, unknown> | undefined;
  for (const key in options) if (!KY_1_OPTIONS.has(key) && (!(key in request) || key === 'next')) (extra ??= {})[key] = (options as Record<string, unknown>)[key];
  return extra;
}
