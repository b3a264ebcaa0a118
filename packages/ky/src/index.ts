export { kyTransport } from './kyTransport.js';
export { tokenHooks } from './tokenHooks.js';

export type { KyLike, KyTransportOptions } from './kyTransport.js';
export type { TokenHooks } from './tokenHooks.js';
export type { Auth, AuthorizeOptions, Origins, RetryOn401, SkippedRequest, SkipReason, Transport } from '@tok/core/adapter';
