import { staticToken } from './bearer.js';
import { ConfigError } from '../errors/ConfigError.js';
import type { Grant } from '../request/grant.js';
import type { TokenGrant } from './grant.js';
import type { Token } from '../response/token.js';
import { createTokenSource, type TokenSource } from './tokenSource.js';
import { isTokenGrant, notAGrant, type TokenSourceOptions } from './options.js';

/**
 * What an adapter authenticates with: a grant from `clientCredentials(…)` or any other
 * {@link TokenGrant} (the adapter creates a token source that sends through its own HTTP client), a
 * token source shared between clients, or a long-lived token string (`'abc'` or `'Bearer abc'`).
 */
export type Auth = Grant | TokenGrant | TokenSource | string;

/**
 * A token source for any {@link Auth}: an existing source as is, a grant through `options`, a
 * string as a source that always returns that token.
 *
 * @see {@link createTokenSource}, which a grant goes through
 * @see {@link fixedTokenSource}, which a token string becomes
 * @example
 * ```ts
 * const source = toTokenSource(auth, { transport: fetchTransport(fetch) });
 * ```
 */
export function toTokenSource(auth: Auth, options: TokenSourceOptions): TokenSource {
  if (typeof auth === 'string') return fixedTokenSource(staticToken(auth));
  if (typeof (auth as Partial<TokenSource> | null)?.getToken === 'function') return auth as TokenSource;
  // Not `'tokenUrl' in auth`: the options object of clientCredentials has one too.
  if (isTokenGrant(auth)) return createTokenSource(auth, options);
  throw new ConfigError('auth', `expected a grant from clientCredentials(…), a token source, or a token string; ${notAGrant(auth)}`);
}

/**
 * A token source that always gives the same token: for long-lived tokens. It never
 * requests, refreshes or replaces it: `invalidate()` does nothing, and an adapter does not retry a
 * 401 with it.
 *
 * @see {@link staticToken}, which makes the token from a string
 * @example
 * ```ts
 * const source = fixedTokenSource(staticToken(process.env.API_TOKEN));
 * ```
 */
export function fixedTokenSource(token: Token): TokenSource {
  const served = Promise.resolve(token);
  let hits = 0;
  return {
    tokenUrl: undefined,
    getToken: () => (hits++, served),
    current: () => (hits++, token),
    invalidate() {},
    peek: () => token,
    subscribe: () => () => {},
    stats: () => ({ tokenRequests: 0, failures: 0, cacheHits: hits, waits: 0 }),
    dispose() {},
  };
}
