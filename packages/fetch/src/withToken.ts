import { fetchTransport } from '@tok/core';
import { type Auth, type AuthorizeOptions, type Authorizer, createAuthorizer, type Fetch, isReplayable, type Origins, sendAuthorized, sendRequest } from '@tok/core/adapter';

/**
 * Options of {@link withToken}: those of every adapter, with `origins` required, since `fetch` has
 * no base URL whose origin could be the default. Leaving it out is a type error here and a
 * `ConfigError` at run time.
 */
export interface WithTokenOptions extends AuthorizeOptions {
  /** Origins that receive the token, e.g. `['https://api.example.com']`, or `'*'` for every one. */
  origins: Origins;
}

/**
 * Wraps `fetch` so that requests to the allowed origins carry a bearer token from `auth`: a grant
 * from `clientCredentials(…)` (its token requests go through this `fetch`), a shared token source,
 * or a long-lived token string. On a 401 the token that request used is invalidated and the request
 * retried once with a fresh token (not when its body is a stream). Requests to other origins, to the
 * token endpoint, and requests whose caller set the header, go out untouched. Outside browsers,
 * tok follows redirects itself so that a hop to another origin never carries the token.
 *
 * When no token can be had the request rejects with the token source's error (`OAuthError`,
 * `ResponseError`, `TransportError`) and is not sent; when its `signal` aborts, with the signal's
 * reason, as `fetch` does.
 *
 * @example
 * ```ts
 * import { clientCredentials } from '@tok/core';
 * import { withToken } from '@tok/fetch';
 *
 * const api = withToken(fetch, clientCredentials({
 *   tokenUrl: 'https://auth.example.com/oauth/token',
 *   clientId: process.env.CLIENT_ID,
 *   clientSecret: process.env.CLIENT_SECRET,
 * }), { origins: ['https://api.example.com'] });
 *
 * const response = await api('https://api.example.com/v1/items');
 * ```
 */
export function withToken(fetch: Fetch, auth: Auth, options: WithTokenOptions): Fetch {
  const authorizer = createAuthorizer(auth, options, { transport: fetchTransport(fetch) });
  const { header } = authorizer;
  // Whether tok follows redirects for a request that names no redirect mode: decided once.
  const followByDefault = authorizer.follows();

  // The slow path: Request objects, for a Request as input, a body read once, a 401 or a redirect.
  const slow = (input: RequestInfo | URL, init: RequestInit | undefined, token: Token, follow: boolean, response?: Response) => {
    // Options fetch knows but Request does not (undici's `dispatcher`, Cloudflare's `cf`) go along.
    const send = (request: Request, extra?: RequestInit) => fetch(request, { ...init && unknownTo(init), ...extra });
    const replayable = isReplayable(init?.body);
    const request = new Request(input, init);
    return response ? sendAuthorized(authorizer, send, request, token, { follow, replayable, response }) : sendRequest(authorizer, send, request, token, { follow, replayable });
  };
  // The hot path: a plain init object and one fetch, for a URL and a body that can be sent again.
  const hot = (input: string | URL, init: RequestInit | undefined, token: Token) => {
    const follow = authorizer.follows(init?.redirect);
    const headers = withHeader(init?.headers, header, authorizer.value(token));
    return fetch(input, follow ? { ...init, headers, redirect: 'manual' } : { ...init, headers }).then((response) =>
      authorizer.isFinal(response.status, follow) ? response : slow(input, init, token, follow, response),
    );
  };

  return (input, init) => {
    // The most common call, fetch(url) with a cached token, in the fewest steps: each costs
    // microseconds here, run cold between network events.
    if (typeof input === 'string' && init === undefined) {
      const token = authorizer.cachedToken(input);
      if (token !== undefined) {
        // A fresh object literal of one shape (fetch copies it): no spread, no Headers object.
        const value = authorizer.value(token);
        const headers = header === 'authorization' ? { authorization: value } : { [header]: value };
        return fetch(input, followByDefault ? { headers, redirect: 'manual' } : { headers }).then((response) =>
          authorizer.isFinal(response.status, followByDefault) ? response : slow(input, init, token, followByDefault, response),
        );
      }
    }
    const given = typeof input === 'object' && !(input instanceof URL) ? input : undefined;
    if (!authorizer.attaches(given ? given.url : String(input), headerIn(init?.headers ?? given?.headers, header))) return fetch(input, init);
    const token = authorizer.token(init?.signal ?? given?.signal);
    if (given || !isReplayable(init?.body)) {
      const follow = authorizer.follows(init?.redirect ?? given?.redirect);
      return token instanceof Promise ? token.then((token) => slow(input, init, token, follow)) : slow(input, init, token, follow);
    }
    const url = input as string | URL;
    return token instanceof Promise ? token.then((token) => hot(url, init, token)) : hot(url, init, token);
  };
}

type Token = Parameters<Authorizer['value']>[0];
type HeadersGiven = RequestInit['headers'];

// A plain object of headers: neither a Headers object nor a list of pairs.
const isRecord = (headers: HeadersGiven): headers is Record<string, string> => typeof headers === 'object' && !Array.isArray(headers) && !(headers instanceof Headers);

// The value of header `name` (lower case) in what a caller gave, without building a Headers object for a plain one.
function headerIn(headers: HeadersGiven, name: string): string | null | undefined {
  if (headers === undefined || headers === null) return undefined;
  if (headers instanceof Headers) return headers.get(name);
  if (Array.isArray(headers)) return new Headers(headers).get(name);
  // A record by now; Deno's HeadersInit also names other iterables, which TypeScript cannot rule out here.
  const record = headers as Record<string, string>;
  for (const key in record) if (key.length === name.length && key.toLowerCase() === name) return record[key];
  return undefined;
}

// The caller's headers with `name` set: a plain object stays one (no Headers object on the hot path).
function withHeader(headers: HeadersGiven, name: string, value: string): HeadersInit {
  if (headers === undefined || headers === null) return { [name]: value };
  if (isRecord(headers) && headerIn(headers, name) === undefined) return { ...headers, [name]: value };
  const all = new Headers(headers);
  all.set(name, value);
  return all;
}

// The options of `init` that a Request does not keep.
function unknownTo(init: RequestInit): RequestInit {
  const extra: Record<string, unknown> = {};
  for (const name in init) if (!(name in Request.prototype)) extra[name] = (init as Record<string, unknown>)[name];
  return extra;
}
