export { fetchTransport } from '@tok/core';
export { withToken } from './withToken.js';

export type { Auth, AuthorizeOptions, Fetch, Origins, RetryOn401, Transport } from '@tok/core';
