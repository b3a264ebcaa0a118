import type { ClientAuthentication } from './clientAuthentication.js';
import { ErrorCode } from '../errors/codes.js';
import { ConfigError } from '../errors/ConfigError.js';
import { isEndpointError } from '../errors/EndpointError.js';
import { NegotiationError, type PlacementAttempt } from '../errors/NegotiationError.js';
import { isOAuthError, OAuthError } from '../errors/OAuthError.js';
import type { TokError } from '../errors/TokError.js';
import type { Token } from '../response/token.js';

type NegotiationContext = Parameters<NonNullable<ClientAuthentication['negotiate']>>[0];

// The placements auto() may pick, in the order it tries them, with their RFC 8414 method names.
const AUTO: readonly ['basic' | 'form', string][] = [
  ['basic', 'client_secret_basic'],
  ['form', 'client_secret_post'],
];

/**
 * The placements {@link auto} tries, in order: `basic` (RFC 6749 §2.3.1's must-support), then
 * `form`. Given the server's `token_endpoint_auth_methods_supported`, only those it lists. A server
 * that lists neither gets a {@link ConfigError} that names what it does support and the placement to
 * choose instead.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @example
 * ```ts
 * autoPlacements(); // ['basic', 'form']
 * autoPlacements(['client_secret_post', 'private_key_jwt']); // ['form']
 * ```
 */
export function autoPlacements(methods?: readonly string[]): ('basic' | 'form')[] {
  if (methods === undefined) return AUTO.map(([placement]) => placement);
  const usable = AUTO.filter(([, method]) => methods.includes(method)).map(([placement]) => placement);
  if (usable.length > 0) return usable;
  const listed = methods.length === 0 ? 'no method' : methods.join(', ');
  const instead = methods.includes('private_key_jwt')
    ? 'placement: privateKeyJwt({ key })'
    : methods.includes('client_secret_jwt')
      ? 'placement: clientSecretJwt()'
      : methods.includes('tls_client_auth') || methods.includes('self_signed_tls_client_auth')
        ? 'a transport that presents the client certificate, with placement "none"'
        : methods.includes('none')
          ? 'placement "none" (and no clientSecret) for a public client, or the placement the server documents for your secret'
          : 'the placement the server documents';
  throw new ConfigError('placement', `the server supports ${listed} at its token endpoint, none of which auto() sends; use ${instead}`);
}

/**
 * Placement negotiation: try `basic` (RFC 6749 §2.3.1's must-support), fall back to `form` when the
 * server refuses the client (`invalid_client` or a 401), and remember what worked per token endpoint
 * and client id. With `discover(…)`, only the methods the server's metadata lists are tried. When
 * every placement is refused, the token source rejects with a {@link NegotiationError} listing each
 * refusal. Imported only by the bundles that use it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 * @example
 * ```ts
 * const grant = clientCredentials({ tokenUrl, clientId, clientSecret, placement: auto() });
 * ```
 */
export function auto(): ClientAuthentication {
  const winners = new Map<string, 'basic' | 'form'>();
  return Object.freeze({
    method: 'auto',
    usesSecret: true,
    writesAuthorization: true,
    authenticate() {
      throw new ConfigError('placement', 'auto() is negotiated by the token source; give a concrete placement to build a request yourself');
    },
    async negotiate({ key, methods }: NegotiationContext, attempt: (placement: 'basic' | 'form') => Promise<Token>) {
      const known = winners.get(key);
      const [first, ...rest] = known ? [known] : autoPlacements(methods);
      const refused: PlacementAttempt[] = [];
      for (let placement = first; placement !== undefined; placement = rest.shift()) {
        try {
          const token = await attempt(placement);
          winners.set(key, placement);
          return token;
        } catch (error) {
          // A placement that stops working (a new secret, a server change) is negotiated again next time.
          if (known) winners.delete(key);
          const tried = { placement, error: error as TokError };
          if (!refusesClient(error) || rest.length === 0) {
            // Once a placement was refused, an answer that ends the negotiation (a refusal, an OAuth
            // error) reports every attempt; anything else (no answer, a 5xx page) stays as it is, to be retried.
            throw refused.length > 0 && (isOAuthError(error) || refusesClient(error)) ? negotiationError([...refused, tried]) : error;
          }
          refused.push(tried);
        }
      }
      // autoPlacements never returns an empty list.
      throw new ConfigError('placement', 'auto() found no placement to try');
    },
    // The token cache key serialises the placement: the same as the string 'auto' had.
    toJSON: () => 'auto',
    toString: () => 'auto()',
    [Symbol.for('nodejs.util.inspect.custom')]: () => 'auto()',
  });
}

// Stands for the latest refusal with an OAuth body; a 401 without one (an HTML page) is what
// invalid_client means (RFC 6749 §5.2), so when no attempt had an OAuth body it stands as that.
function negotiationError(attempts: readonly PlacementAttempt[]): NegotiationError {
  const latestFirst = attempts.map((attempt) => attempt.error).reverse();
  const latest = latestFirst[0];
  const last = latestFirst.find(isOAuthError) ?? new OAuthError({ error: 'invalid_client', status: isEndpointError(latest) ? latest.status : 401, body: latest?.cause });
  return new NegotiationError(last, attempts);
}

// The server did not accept how the client authenticated: try the next placement.
function refusesClient(error: unknown): boolean {
  if (isOAuthError(error)) return error.error === 'invalid_client' || error.status === 401;
  return isEndpointError(error) && error.code === ErrorCode.HttpStatus && error.status === 401;
}
