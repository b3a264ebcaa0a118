// TEMPORARY: a TokenGrant for a grant from clientCredentials(…) that has no requestToken of its own
// yet (the exchange, discovery, negotiation and scrubbing move behind the grant). Removed once every
// Grant implements TokenGrant.
import type { Grant } from '../request/grant.js';
import { isGrant } from '../request/grant.js';
import type { TokenRequest } from '../request/request.js';
import { parseTokenResponse } from '../response/response.js';
import { requestSecrets, scrubError } from '../redaction/scrub.js';
import { createExchange } from './exchange.js';
import type { GrantIo, TokenGrant } from './grant.js';
import { tokenCacheKey } from './store.js';

/** `value` as a {@link TokenGrant}: itself when it is one, an adapter for an older {@link Grant}, else itself. */
export function asTokenGrant(value: unknown): unknown {
  if (typeof (value as Partial<TokenGrant> | null)?.requestToken === 'function' || !isGrant(value)) return value;
  const grant = value;
  let io: GrantIo | undefined;
  const exchange = createExchange(grant, { clock: () => (io as GrantIo).now(), jti: () => (io as GrantIo).jti() });
  return {
    get tokenUrl() {
      return exchange.tokenUrl;
    },
    defaultLifetimeMs: grant.defaultLifetimeMs,
    cacheKey: () => tokenCacheKey(grant),
    requestToken(attemptIo: GrantIo) {
      io = attemptIo;
      return exchange.run({
        post: async (request: TokenRequest) => {
          const requestedAt = attemptIo.now();
          try {
            const response = await attemptIo.send(request, 'token request');
            const defaultLifetimeMs = attemptIo.parse?.defaultLifetimeMs ?? grant.defaultLifetimeMs;
            return parseTokenResponse(response, { ...attemptIo.parse, defaultLifetimeMs, requestedAt, receivedAt: attemptIo.now() });
          } catch (error) {
            // A server or transport may echo the request (its Basic header, its form body, an API key).
            throw scrubError(error, requestSecrets(request));
          }
        },
        get: (request) => attemptIo.send(request, 'metadata request'),
      });
    },
  } satisfies TokenGrant;
}
