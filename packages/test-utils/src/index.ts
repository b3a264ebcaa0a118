// tok's own test helpers. The servers are @tok/testing's (published for users, proven here by the
// suites they serve), under the names tok's tests have always used; only what is tok-internal
// lives in this package: the misbehaving token endpoint, the shared adapter and leak suites and
// the README example runner.
import { type AuthorizationServer, type AuthorizationServerOptions, type ProtectedApi, type ProtectedApiOptions, startAuthorizationServer, startProtectedApi } from '@tok/testing';

export { defaultClient, freePort, parseBasic, serveOnLoopback, startEchoServer, faults } from '@tok/testing';
export { startMisbehavingServer } from './misbehavingServer.js';

export type { ApiRequestRecord, ApiResponseBody, BasicCredentials, ClientAuthMethod, ClientCredentials, EchoRequestRecord, EchoResponseBody, EchoServer, Fields, IssuedToken, Listening, ServerOptions, TokenBehaviour, TokenClient, TokenRequestRecord } from '@tok/testing';
export type { Misbehaviour, MisbehavingServer, MisbehavingServerOptions } from './misbehavingServer.js';

/** tok's name for @tok/testing's {@link AuthorizationServer}. */
export type TokenServer = AuthorizationServer;
export type TokenServerOptions = AuthorizationServerOptions;
export type ApiServer = ProtectedApi;
export type ApiServerOptions = Omit<ProtectedApiOptions, 'authorizationServer'> & { readonly tokenServer: ProtectedApiOptions['authorizationServer'] };

/** {@link startAuthorizationServer}, by the name tok's tests use. */
export const startTokenServer: (options?: TokenServerOptions) => Promise<TokenServer> = startAuthorizationServer;

/** {@link startProtectedApi} for the tokens of `tokenServer`. */
export function startApiServer({ tokenServer, ...options }: ApiServerOptions): Promise<ApiServer> {
  return startProtectedApi({ ...options, authorizationServer: tokenServer });
}
