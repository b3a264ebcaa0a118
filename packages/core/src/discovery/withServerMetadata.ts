import { autoPlacements } from '../client-auth/autoPlacement.js';
import type { Grant } from '../request/grant.js';
import type { ServerMetadata } from './metadata.js';

/**
 * The grant's data with what discovery found: the metadata's token endpoint, and for
 * `placement: auto()` the first placement the server lists (see {@link autoPlacements}). For
 * callers who build their own requests with {@link buildTokenRequest}; a token source does this
 * itself, and also falls back between placements.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 * @example
 * ```ts
 * const request = buildTokenRequest(withServerMetadata(grant, metadata));
 * ```
 */
export function withServerMetadata(grant: Grant, metadata: ServerMetadata): Grant {
  const { placement: given } = grant;
  const placement = typeof given === 'object' && given.negotiate ? (autoPlacements(metadata.tokenEndpointAuthMethods)[0] ?? 'basic') : given;
  return Object.freeze({ ...grant, tokenUrl: metadata.tokenEndpoint, placement });
}
