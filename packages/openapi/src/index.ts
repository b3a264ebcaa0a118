export { fromOpenApi } from './fromOpenApi.js';
export { tokenMiddleware } from './tokenMiddleware.js';

export type { FromOpenApiOptions, OpenApiAuth, OperationKey } from './fromOpenApi.js';
export type { TokenMiddlewareOptions } from './tokenMiddleware.js';
export type { OpenApiDocument, OpenApiOAuthFlow, OpenApiSecurityRequirement, OpenApiSecurityScheme, OpenApiServer } from './document.js';
export type { Auth, AuthorizeOptions, Origins, RetryOn401, SkippedRequest, SkipReason } from '@tok/core/adapter';
