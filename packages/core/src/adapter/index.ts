/**
 * The kit an HTTP-client adapter is built from: `@tok/fetch`, `@tok/axios` and `@tok/ky` use
 * nothing else. Per request, {@link createAuthorizer} decides whether the token goes along and
 * writes the header; {@link sendAuthorized} follows redirects and recovers from one 401.
 * Instrumentation (`@tok/opentelemetry`) takes {@link measureTokenRequests} from here. Users of the
 * adapters never need this entry: `@tok/core` has what the guides use.
 *
 * @packageDocumentation
 * @module adapter
 */

export { createAuthorizer } from './authorizer.js';
export { sendAuthorized, sendRequest } from './sendAuthorized.js';
export { manualRedirects, REDIRECT_STATUSES, redirectHop } from './redirects.js';
export { isReplayable } from './replayable.js';
export { originFilter } from './origins.js';
export { shouldRenewToken } from '../policy/recovery.js';
export { fixedTokenSource, toTokenSource } from '../source/auth.js';
export { MAX_RESPONSE_BYTES, responseTooLarge } from '../http/body.js';
export { measureTokenRequests } from '../source/measure.js';

export type { Authorizer, AuthorizerClient, AuthorizeOptions, SkippedRequest, SkipReason } from './authorizer.js';
export type { SendAuthorizedOptions } from './sendAuthorized.js';
export type { RedirectHop } from './redirects.js';
export type { Origins } from './origins.js';
export type { RetryOn401 } from '../policy/recovery.js';
export type { Auth } from '../source/auth.js';
export type { HttpRequest, TokenResponse, Transport } from '../http/types.js';
export type { Fetch } from '../http/fetchTransport.js';
export type { MeasureContext, TokenRequestMeasure } from '../source/measure.js';
