// The contract between a token source and a grant: the source owns retries, timeouts, caching and
// events; the grant owns how one token request is built, sent and read. It imports only types.
import type { HttpRequest, TokenResponse } from '../http/types.js';
import type { Token } from '../response/token.js';

/**
 * What a token source needs from a grant: where its token endpoint is, and one attempt at a token.
 * `clientCredentials(…)` returns one; implement it yourself for a token that comes from elsewhere
 * (your own backend's token route, a test).
 *
 * @example
 * ```ts
 * const grant: TokenGrant = {
 *   tokenUrl: '/auth/token',
 *   async requestToken(io) {
 *     const requestedAt = io.now();
 *     const response = await io.send({ url: '/auth/token', method: 'POST', headers: {} }, 'token request');
 *     return parseTokenResponse(response, { ...io.parse, requestedAt, receivedAt: io.now() });
 *   },
 * };
 * ```
 */
export interface TokenGrant {
  /** The token endpoint (known after discovery for an issuer grant), so adapters never send the token there. */
  readonly tokenUrl: string | undefined;
  /** A stable, secret-free key for shared stores (see tokenCacheKey), or undefined if it cannot be stored. */
  cacheKey?(): Promise<string>;
  /** Lifetime to assume when the answer has none. */
  readonly defaultLifetimeMs?: number | undefined;
  /** One attempt: build the request(s), send them through `io`, parse the answer into a Token or throw a TokError (scrubbed of this grant's secrets). */
  requestToken(io: GrantIo): Promise<Token>;
}

/**
 * How a grant reaches its server during one attempt: the token source's transport with its
 * timeout, clock, jti generator and parse options.
 *
 * @example
 * ```ts
 * const response = await io.send({ url, method: 'GET', headers: { accept: 'application/json' } }, 'metadata request');
 * ```
 */
export interface GrantIo {
  /** Sends through the source's transport with its timeout; rejects with TransportError (Network/Timeout/Disposed) or the transport's own TokError. */
  send(request: HttpRequest, what: 'token request' | 'metadata request'): Promise<TokenResponse>;
  /** The source's clock, jti generator and parse options. */
  now(): number;
  jti(): string;
  readonly parse: { defaultLifetimeMs?: number | undefined; tokenTypes?: readonly string[] | undefined } | undefined;
}
