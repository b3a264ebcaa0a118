export { fetchTransport } from '@tok/core';
export { withToken } from './withToken.js';

export type { WithTokenOptions } from './withToken.js';
export type { Auth, AuthorizeOptions, Fetch, Origins, RetryOn401, SkippedRequest, SkipReason, Transport } from '@tok/core/adapter';
