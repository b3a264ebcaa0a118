import { ConfigError } from '../errors/ConfigError.js';
import { readRouteAnswer } from '../response/routeAnswer.js';
import type { Token } from '../response/token.js';
import type { GrantIo, TokenGrant } from '../source/grant.js';

/** Options of {@link tokenRoute}. */
export interface TokenRouteOptions {
  /** Default `'POST'`: a GET answer may be cached by the browser or an intermediary. */
  method?: 'GET' | 'POST' | undefined;
  /** Headers your route wants, e.g. a CSRF token (`{ 'x-csrf-token': csrf }`). */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Lifetime assumed when the route sends no `expires_in`. Default: the token source's, else one hour. */
  defaultLifetimeMs?: number | undefined;
}

// A same-origin path (not `//host` or `/\host`, which a browser reads as another host), an https://
// URL, or http:// on loopback; no whitespace or backslash anywhere (a URL parser drops or rewrites them).
const ROUTE = /^(?:\/(?![/\\])|https:\/\/|http:\/\/(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])[:/])[^\s\\]*$/i;

/**
 * A grant for a browser app whose backend holds the client secret: the token comes from your own
 * route (`/api/token`), which answers the OAuth JSON `{ access_token, expires_in }`. Each token
 * request is a POST (or GET) to that route with the page's cookies (fetch's default `credentials:
 * 'same-origin'`), read by a slim parser: the bundle carries no client authentication, discovery,
 * negotiation or redaction, while the token source keeps single flight, refresh ahead, backoff
 * with `Retry-After` and 401 recovery, and the adapter its origin scoping. The route's answer is
 * never quoted in an error (see `readRouteAnswer`).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-browser-based-apps#name-token-mediating-backend
 * @example
 * ```ts
 * const api = withToken(fetch, tokenRoute('/api/token'), { origins: [location.origin] });
 * const orders = await api('/api/orders');
 * ```
 */
export function tokenRoute(url: string, options: TokenRouteOptions = {}): TokenGrant {
  if (typeof url !== 'string' || !ROUTE.test(url)) {
    throw new ConfigError('tokenRoute', `expected a same-origin path such as '/api/token' or an https:// URL, got ${typeof url === 'string' ? JSON.stringify(url) : typeof url}`);
  }
  const { method = 'POST', headers = {}, defaultLifetimeMs } = options;
  // A header that fetch would refuse (or split) fails here, not on the first call.
  for (const [name, value] of Object.entries(headers)) {
    if (/[^\w!#$%&'*+.^`|~-]/.test(name) || /[\0\r\n]/.test(value)) throw new ConfigError(`tokenRoute.headers.${name}`, 'is not a header name and a value without CR, LF or NUL');
  }
  return {
    tokenUrl: url,
    defaultLifetimeMs,
    async requestToken(io: GrantIo): Promise<Token> {
      const requestedAt = io.now();
      const response = await io.send({ url, method, headers: { accept: 'application/json', ...headers } }, 'token request');
      return readRouteAnswer(response, { url, requestedAt, receivedAt: io.now(), defaultLifetimeMs: defaultLifetimeMs ?? io.parse?.defaultLifetimeMs });
    },
  };
}
