import { fetchTransport } from '@tok/core';
import { type Auth, type AuthorizeOptions, createAuthorizer, type Fetch, isReplayable, manualRedirects, type Origins, sendAuthorized } from '@tok/core/adapter';

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
  const manual = manualRedirects();
  return async (input, init) => {
    const isRequest = typeof input === 'object' && !(input instanceof URL);
    const given = new Headers(init?.headers ?? (isRequest ? input.headers : undefined));
    const own = given.get(authorizer.header);
    const url = isRequest ? input.url : String(input);
    if (!authorizer.appliesTo(url)) return fetch(input, init);
    if (own !== null && !authorizer.tokenOf(own)) {
      authorizer.skip(url, 'own-header');
      return fetch(input, init);
    }

    const follow = (init?.redirect ?? (isRequest ? input.redirect : 'follow')) === 'follow' && manual;
    const replayable = isReplayable(init?.body);
    const token = await authorizer.getToken(init?.signal ?? (isRequest ? input.signal : undefined));
    let first: Response | undefined;
    if (!isRequest && replayable) {
      // The hot path: no Request objects, one fetch. Redirects and 401s take the slow path below.
      given.set(authorizer.header, authorizer.value(token));
      first = await fetch(input, { ...init, headers: given, redirect: follow ? 'manual' : init?.redirect ?? 'follow' });
      if (first.status !== 401 && !(follow && first.status >= 300 && first.status < 400)) return first;
    }
    const request = new Request(input, init);
    // Options fetch knows but Request does not (undici's `dispatcher`, Cloudflare's `cf`) still go along.
    const extra = init && Object.fromEntries(Object.entries(init).filter(([name]) => !(name in Request.prototype)));
    return sendAuthorized(authorizer, (next) => fetch(next, extra), request, token, { follow, replayable, response: first });
  };
}
