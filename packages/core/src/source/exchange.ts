import type { HttpRequest, TokenResponse } from '../http/types.js';
import { autoPlacements } from '../client-auth/autoPlacement.js';
import { ErrorCode } from '../errors/codes.js';
import { ConfigError } from '../errors/ConfigError.js';
import { NegotiationError, type PlacementAttempt } from '../errors/NegotiationError.js';
import { hintPlacement, isOAuthError, OAuthError } from '../errors/OAuthError.js';
import { ResponseError } from '../errors/ResponseError.js';
import type { TokError } from '../errors/TokError.js';
import type { Grant } from '../request/grant.js';
import { metadataUrls, parseServerMetadata, type ServerMetadata } from '../discovery/metadata.js';
import type { Placement } from '../client-auth/placement.js';
import { prepareTokenRequest } from '../request/prepare.js';
import type { TokenRequest } from '../request/request.js';

import type { Token } from '../response/token.js';

/** How an exchange reaches the server: the token source's transport, with its timeout and error mapping. */
export interface ExchangeIo {
  /** Sends a token request and parses the answer into a token, or throws. */
  post(request: TokenRequest): Promise<Token>;
  /** Sends a GET (metadata) and returns the answer whatever its status. */
  get(request: HttpRequest): Promise<TokenResponse>;
}

/** The per-source state between a grant and its token requests: discovered metadata and negotiated placements. */
export interface Exchange {
  /** The token endpoint: the grant's, or the discovered one once known. */
  readonly tokenUrl: string | undefined;
  /** The metadata, once discovered. */
  readonly metadata: ServerMetadata | undefined;
  /** One attempt at a token: discovery if needed (once), a fresh request per try, placement negotiation for `'auto'`. */
  run(io: ExchangeIo): Promise<Token>;
}

/**
 * Holds what a token source learns about its server: the metadata of an `issuer` grant (fetched
 * once, fetched again only after a failure) and, for `placement: 'auto'`, the placement that worked
 * per token endpoint and client id. Each try gets a new request from {@link prepareTokenRequest}, so
 * a signed assertion is never reused.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @example
 * ```ts
 * const exchange = createExchange(grant, { clock: Date.now, jti: () => crypto.randomUUID() });
 * const token = await exchange.run({ post, get });
 * ```
 */
export function createExchange(grant: Grant, context: { clock: () => number; jti: () => string }): Exchange {
  let discovered: ServerMetadata | undefined;
  let discovering: Promise<ServerMetadata> | undefined;
  const winners = new Map<string, Placement>();

  async function resolve(io: ExchangeIo): Promise<{ grant: Grant; methods: readonly string[] | undefined }> {
    if (grant.issuer === undefined) return { grant, methods: undefined };
    discovering ??= discover(grant.issuer, grant.allowInsecure, io).then(
      (metadata) => (discovered = metadata),
      (error: unknown) => {
        discovering = undefined;
        throw error;
      },
    );
    const metadata = await discovering;
    return { grant: { ...grant, tokenUrl: metadata.tokenEndpoint }, methods: metadata.tokenEndpointAuthMethods };
  }

  async function send(resolved: Grant, placement: Grant['placement'], io: ExchangeIo): Promise<Token> {
    const request = await prepareTokenRequest({ ...resolved, placement }, { now: context.clock(), jti: context.jti() });
    try {
      return await io.post(request);
    } catch (error) {
      if (typeof placement === 'string' && isOAuthError(error)) hintPlacement(error, placement);
      throw error;
    }
  }

  return {
    get tokenUrl() {
      return grant.tokenUrl ?? discovered?.tokenEndpoint;
    },
    get metadata() {
      return discovered;
    },
    async run(io) {
      const { grant: resolved, methods } = await resolve(io);
      if (typeof resolved.placement === 'string' || !resolved.placement.negotiate) return send(resolved, resolved.placement, io);
      const key = `${resolved.tokenUrl}\n${resolved.clientId}`;
      const known = winners.get(key);
      const [first, ...rest]: Placement[] = known ? [known] : autoPlacements(methods);
      const refused: PlacementAttempt[] = [];
      for (let placement = first; placement !== undefined; placement = rest.shift()) {
        try {
          const token = await send(resolved, placement, io);
          winners.set(key, placement);
          return token;
        } catch (error) {
          // A placement that stops working (a new secret, a server change) is negotiated again next time.
          if (known) winners.delete(key);
          const attempt = { placement, error: error as TokError };
          if (!refusesClient(error) || rest.length === 0) {
            // Once a placement was refused, an answer that ends the negotiation (a refusal, an OAuth
            // error) reports every attempt; anything else (no answer, a 5xx page) stays as it is, to be retried.
            throw refused.length > 0 && (isOAuthError(error) || refusesClient(error)) ? negotiationError([...refused, attempt]) : error;
          }
          refused.push(attempt);
        }
      }
      // autoPlacements never returns an empty list.
      throw new ConfigError('placement', "'auto' found no placement to try");
    },
  };
}

// Stands for the latest refusal with an OAuth body; a 401 without one (an HTML page) is what
// invalid_client means (RFC 6749 §5.2), so when no attempt had an OAuth body it stands as that.
function negotiationError(attempts: readonly PlacementAttempt[]): NegotiationError {
  const latestFirst = attempts.map((attempt) => attempt.error).reverse();
  const latest = latestFirst[0] as TokError & { status: number };
  const last = latestFirst.find(isOAuthError) ?? new OAuthError({ error: 'invalid_client', status: latest.status, body: latest.cause });
  return new NegotiationError(last, attempts);
}

// The server did not accept how the client authenticated: try the next placement.
function refusesClient(error: unknown): boolean {
  if (isOAuthError(error)) return error.error === 'invalid_client' || error.status === 401;
  return (error as { code?: unknown; status?: unknown }).code === ErrorCode.HttpStatus && (error as { status?: unknown }).status === 401;
}

async function discover(issuer: string, allowInsecure: boolean | undefined, io: ExchangeIo): Promise<ServerMetadata> {
  const [rfc8414, oidc] = metadataUrls(issuer) as [string, string];
  const get = (url: string) => io.get({ url, method: 'GET', headers: { accept: 'application/json' } });
  const first = await get(rfc8414);
  // A document that is there but wrong (another issuer) is final; only a missing one falls back.
  if (first.status >= 200 && first.status < 300 && isJsonObject(first.body)) return parseServerMetadata(first, { issuer, url: rfc8414, allowInsecure });
  const second = await get(oidc);
  if (second.status < 200 || second.status >= 300) {
    const message = `no authorization server metadata for issuer "${issuer}": ${rfc8414} answered ${first.status}, ${oidc} answered ${second.status}; check the issuer, or give tokenUrl instead`;
    throw new ResponseError(ErrorCode.HttpStatus, message, { status: second.status, body: second.body });
  }
  return parseServerMetadata(second, { issuer, url: oidc, allowInsecure });
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
