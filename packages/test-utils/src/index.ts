export { startApiServer } from './apiServer.js';
export { parseBasic } from './basic.js';
export { startEchoServer } from './echoServer.js';
export { freePort, serveOnLoopback } from './http.js';
export { startMisbehavingServer } from './misbehavingServer.js';
export { defaultClient } from './tokenRequest.js';
export { startTokenServer } from './tokenServer.js';

export type { ApiRequestRecord, ApiResponseBody, ApiServer, ApiServerOptions } from './apiServer.js';
export type { BasicCredentials, ClientCredentials } from './basic.js';
export type { EchoRequestRecord, EchoResponseBody, EchoServer } from './echoServer.js';
export type { Fields } from './fields.js';
export type { Listening, ServerOptions } from './http.js';
export type { Misbehaviour, MisbehavingServer, MisbehavingServerOptions } from './misbehavingServer.js';
export type { ClientAuthMethod, TokenClient } from './tokenRequest.js';
export type { IssuedToken, TokenBehaviour, TokenRequestRecord, TokenServer, TokenServerOptions } from './tokenServer.js';
