/**
 * Real servers on 127.0.0.1 for testing code that gets OAuth 2.0 client-credentials tokens: an
 * authorization server with fault injection, a protected API that checks its tokens, and an echo
 * server that plays the "other origin". No test-runner globals: vitest, jest and `node:test` alike.
 *
 * @packageDocumentation
 */

export { startAuthorizationServer } from './authorizationServer.js';
export { startProtectedApi } from './protectedApi.js';
export { startEchoServer } from './echoServer.js';
export { faults } from './faults.js';
export { defaultClient } from './clientAuth.js';
export { parseBasic } from './basic.js';
export { freePort, serveOnLoopback } from './http.js';

export type { AuthorizationServer, AuthorizationServerOptions, IssuedToken, RequestCounts, RequestOutcome, TokenRequestRecord } from './authorizationServer.js';
export type { ApiRequest, ApiRequestRecord, ApiResponseBody, ProtectedApi, ProtectedApiOptions } from './protectedApi.js';
export type { EchoRequestRecord, EchoResponseBody, EchoServer } from './echoServer.js';
export type { TokenBehaviour } from './faults.js';
export type { ClientAuthMethod, PublicJwk, TokenClient } from './clientAuth.js';
export type { BasicCredentials, ClientCredentials } from './basic.js';
export type { Fields } from './fields.js';
export type { Listening, ServerOptions } from './http.js';
