export { axiosTransport } from './axiosTransport.js';
export { useToken } from './useToken.js';

export type { Auth, AuthorizeOptions, Origins, RetryOn401, Transport } from '@tok/core/adapter';
