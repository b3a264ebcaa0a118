/**
 * What the guides use: grants and the token source, the token request and its answer as plain
 * data, client authentication, provider recipes, the scheduling functions, and the errors. What an
 * adapter author needs is in `@tok/core/adapter`.
 *
 * @packageDocumentation
 * @mergeModuleWith <project>
 */

// Grants and the token source
export { clientCredentials } from './request/grant.js';
export { createTokenSource } from './source/tokenSource.js';
export { fetchTransport } from './http/fetchTransport.js';
export { memoryStore, tokenCacheKey } from './source/store.js';
export { authorization, staticToken } from './source/bearer.js';
export { tokenRoute } from './request/tokenRoute.js';
export { discover } from './discovery/discover.js';
export { withServerMetadata } from './discovery/withServerMetadata.js';

// The token request and its answer, as plain data
export { buildTokenRequest } from './request/request.js';
export { prepareTokenRequest } from './request/prepare.js';
export { MAX_LIFETIME_MS, MIN_LIFETIME_MS, parseTokenResponse } from './response/response.js';
export { MAX_RESPONSE_BYTES } from './http/body.js';
export { Secret } from './request/secret.js';

// Client authentication
export { placements } from './client-auth/placement.js';
export { auto } from './client-auth/autoPlacement.js';
export { privateKeyJwt } from './client-auth/privateKeyJwt.js';
export { clientSecretJwt } from './client-auth/clientSecretJwt.js';

// When a token is refreshed and when it expires
export { DEFAULT_POLICY, expiredAt, freshness, refreshAt } from './policy/schedule.js';

// Provider recipes
export { auth0 } from './recipes/auth0.js';
export { cognito } from './recipes/cognito.js';
export { entraId } from './recipes/entraId.js';
export { keycloak } from './recipes/keycloak.js';
export { okta } from './recipes/okta.js';
export { SALESFORCE_SESSION_TIMEOUT_MS, salesforce } from './recipes/salesforce.js';
export { shopify } from './recipes/shopify.js';

// Errors
export { ErrorCode } from './errors/codes.js';
export { isTokError, TokError } from './errors/TokError.js';
export { ConfigError } from './errors/ConfigError.js';
export { EndpointError, isEndpointError } from './errors/EndpointError.js';
export { isOAuthError, OAuthError } from './errors/OAuthError.js';
export { NegotiationError } from './errors/NegotiationError.js';
export { ResponseError } from './errors/ResponseError.js';
export { TransportError } from './errors/TransportError.js';

export type { Auth } from './source/auth.js';
export type { ClientCredentialsOptions, Grant, GrantPlacement } from './request/grant.js';
export type { GrantIo, TokenGrant } from './source/grant.js';
export type { GrantData } from './request/request.js';
export type { GetTokenOptions, TokenSource } from './source/tokenSource.js';
export type { TokenSourceOptions } from './source/options.js';
export type { CacheKeyInput, TokenStore } from './source/store.js';
export type { TokenEvent, TokenStats } from './source/events.js';
export type { Timers } from './source/timers.js';
export type { RetryOptions } from './policy/retry.js';
export type { Freshness, RefreshPolicy } from './policy/schedule.js';
export type { Token } from './response/token.js';
export type { ParseOptions } from './response/response.js';
export type { TokenRequest } from './request/request.js';
export type { PrepareContext } from './request/prepare.js';
export type { HttpRequest, TokenResponse, Transport } from './http/types.js';
export type { Fetch } from './http/fetchTransport.js';
export type { ServerMetadata } from './discovery/metadata.js';
export type { Discovery, DiscoverOptions } from './discovery/discover.js';
export type { TokenRouteOptions } from './request/tokenRoute.js';
export type { Placement } from './client-auth/placement.js';
export type { ClientAuthentication, ClientAuthenticationInput, TokenRequestDraft } from './client-auth/clientAuthentication.js';
export type { PrivateJwk, PrivateKeyJwtAlgorithm, PrivateKeyJwtOptions, SigningCryptoKey } from './client-auth/privateKeyJwt.js';
export type { ClientSecretJwtAlgorithm, ClientSecretJwtOptions } from './client-auth/clientSecretJwt.js';
export type { PlacementAttempt } from './errors/NegotiationError.js';
export type { Origins } from './adapter/origins.js';
export type { RetryOn401 } from './policy/recovery.js';
export type { Auth0Options } from './recipes/auth0.js';
export type { CognitoOptions } from './recipes/cognito.js';
export type { EntraIdOptions } from './recipes/entraId.js';
export type { KeycloakOptions } from './recipes/keycloak.js';
export type { OktaOptions } from './recipes/okta.js';
export type { SalesforceOptions } from './recipes/salesforce.js';
export type { ShopifyOptions } from './recipes/shopify.js';
