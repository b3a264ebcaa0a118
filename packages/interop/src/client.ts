import { fetchTransport, type TokenSource, type TokenSourceOptions, type Transport } from '@tok/core';
import { type Auth, type AuthorizeOptions, toTokenSource } from '@tok/core/adapter';
import { withToken } from '@tok/fetch';

/** The transport the token sources use: core's, over the global fetch (redirects not followed). */
export const transport: Transport = fetchTransport(fetch);

/** A fetch from `@tok/fetch`'s `withToken`, and the token source behind it (to dispose, inspect, invalidate). */
export interface AuthorizedFetch {
  (url: string, init?: RequestInit): Promise<Response>;
  readonly source: TokenSource;
}

/**
 * `withToken(fetch, …)` for `auth` (a grant, a token source or a token string): every request
 * carries a bearer token, renewed once on a 401. The token source is made here, with `options`,
 * so that tests can look at it; `adapter` takes `@tok/fetch`'s options (default: any origin).
 */
export function authorizedFetch(auth: Auth, options: Partial<TokenSourceOptions> = {}, adapter: AuthorizeOptions = {}): AuthorizedFetch {
  const source = toTokenSource(auth, { transport, ...options });
  const send = withToken(fetch, source, { ...adapter, origins: adapter.origins ?? '*' });
  return Object.assign((url: string, init?: RequestInit) => send(url, init), { source });
}
