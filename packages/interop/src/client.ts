import { type Auth, authorization, fetchTransport, type Token, type TokenSource, type TokenSourceOptions, toTokenSource, type Transport } from '@tok/core';

/** The transport the token sources use: core's, over the global fetch (redirects not followed). */
export const transport: Transport = fetchTransport(fetch);

/** A fetch that carries a token from `auth`, and the source behind it (to dispose, inspect, invalidate). */
export interface AuthorizedFetch {
  (url: string, init?: RequestInit): Promise<Response>;
  readonly source: TokenSource;
}

/**
 * A fetch whose requests carry a bearer token from `auth` (a grant, a token source or a token
 * string); on a 401 the token is invalidated and the request sent once more.
 */
export function authorizedFetch(
  auth: Auth,
  options: Partial<TokenSourceOptions> = {},
  carry: { header?: string; scheme?: string } = {},
): AuthorizedFetch {
  const source = toTokenSource(auth, { transport, ...options });
  const header = carry.header ?? 'authorization';
  const value = (token: Token) => (carry.scheme === '' ? token.accessToken : authorization(token));
  const send = async (url: string, init: RequestInit = {}) => {
    const token = await source.getToken();
    const headers = new Headers(init.headers);
    headers.set(header, value(token));
    const response = await fetch(url, { ...init, headers });
    if (response.status !== 401) return response;
    source.invalidate(token);
    headers.set(header, value(await source.getToken()));
    return fetch(url, { ...init, headers });
  };
  return Object.assign(send, { source });
}
