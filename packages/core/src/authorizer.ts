import { staticToken } from './bearer.js';
import { ConfigError } from './errors/ConfigError.js';
import type { Grant } from './grant.js';
import { type Origins, originFilter } from './origins.js';
import { type RetryOn401, shouldRenewToken } from './recovery.js';
import type { Token } from './token.js';
import { createTokenSource, type TokenSource, type TokenSourceOptions, type Transport } from './tokenSource.js';

/**
 * What an adapter authenticates with: a grant from `clientCredentials(…)` (the adapter creates a
 * token source that sends through its own HTTP client), a token source shared between clients, or
 * a long-lived token string (`'abc'` or `'Bearer abc'`).
 */
export type Auth = Grant | TokenSource | string;

/** Options every adapter takes. */
export interface AuthorizeOptions {
  /** Origins that receive the token, or `'*'`. Required unless the client has a base URL. */
  origins?: Origins | undefined;
  /** Header that carries the token. Default `authorization`. */
  header?: string | undefined;
  /** Written before the token. Default `Bearer`; `''` sends the bare token (e.g. `x-api-key`). */
  scheme?: string | undefined;
  /** Which 401s invalidate the token and retry the request once. Default `'any'`. */
  retryOn401?: RetryOn401 | undefined;
  /** Options of the token source created for a grant; `transport` replaces the adapter's. */
  source?: Partial<TokenSourceOptions> | undefined;
}

/** What an adapter needs to decide, per request, whether and how to attach a token. */
export interface Authorizer {
  readonly source: TokenSource;
  /** Lower-case header name. */
  readonly header: string;
  /** Whether a request to `url` may carry the token (allowed origin, not the token endpoint). */
  appliesTo(url: string): boolean;
  /** The header value for a token. */
  value(token: Token): string;
  /** Whether a response means: invalidate that token and retry once. */
  shouldRetry(status: number, wwwAuthenticate: string | null | undefined): boolean;
}

/**
 * Resolves an {@link Auth} and the common adapter options into an {@link Authorizer}. Adapters
 * pass their client's transport and base URL; everything else is decided here, once.
 *
 * @example
 * ```ts
 * const authorizer = createAuthorizer(auth, options, { transport: fetchTransport(fetch) });
 * if (authorizer.appliesTo(url)) headers.set(authorizer.header, authorizer.value(await authorizer.source.getToken()));
 * ```
 */
export function createAuthorizer(auth: Auth, options: AuthorizeOptions = {}, client: { transport: Transport; baseUrl?: string | undefined }): Authorizer {
  const source = toTokenSource(auth, { ...options.source, transport: options.source?.transport ?? client.transport });
  const allowed = originFilter(options.origins, client.baseUrl && URL.canParse(client.baseUrl) ? new URL(client.baseUrl).origin : undefined);
  const tokenUrl = typeof auth === 'object' && 'tokenUrl' in auth ? auth.tokenUrl : source.tokenUrl;
  const header = (options.header ?? 'authorization').toLowerCase();
  const scheme = options.scheme ?? 'Bearer';
  const mode = options.retryOn401 ?? 'any';
  if (!/^[!#$%&'*+.^`|~\w-]+$/.test(header)) throw new ConfigError('header', `"${header}" is not a valid HTTP header name`);

  let lastToken: Token | undefined;
  let lastValue = '';
  return {
    source,
    header,
    appliesTo: (url) => allowed(url) && !isEndpoint(url, tokenUrl),
    value(token) {
      if (token !== lastToken) {
        lastToken = token;
        lastValue = scheme ? `${scheme} ${token.accessToken}` : token.accessToken;
      }
      return lastValue;
    },
    shouldRetry: (status, wwwAuthenticate) => shouldRenewToken(status, wwwAuthenticate, mode),
  };
}

/**
 * A token source for any {@link Auth}: an existing source as is, a grant through `options`, a
 * string as a source that always returns that token.
 */
export function toTokenSource(auth: Auth, options: TokenSourceOptions): TokenSource {
  if (typeof auth === 'string') return fixedTokenSource(staticToken(auth));
  if (typeof auth === 'object' && auth !== null) {
    if ('getToken' in auth) return auth;
    if ('tokenUrl' in auth) return createTokenSource(auth, options);
  }
  throw new ConfigError('auth', 'expected a grant from clientCredentials(…), a token source, or a token string');
}

/** A token source that always gives the same token: for long-lived tokens (seed 004). */
export function fixedTokenSource(token: Token): TokenSource {
  const served = Promise.resolve(token);
  let hits = 0;
  return {
    tokenUrl: undefined,
    getToken: () => (hits++, served),
    invalidate() {},
    peek: () => token,
    subscribe: () => () => {},
    stats: () => ({ tokenRequests: 0, failures: 0, cacheHits: hits, waits: 0 }),
    dispose() {},
  };
}

// The token never goes to the token endpoint, even when it shares the API's origin.
function isEndpoint(url: string, tokenUrl: string | undefined): boolean {
  if (tokenUrl === undefined) return false;
  const path = url.split(/[?#]/, 1)[0];
  if (!tokenUrl.startsWith('/')) return path === tokenUrl;
  return path === tokenUrl || (URL.canParse(url) && new URL(url).pathname === tokenUrl);
}
