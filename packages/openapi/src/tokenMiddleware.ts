import { fetchTransport, type Grant } from '@tok/core';
import { type Auth, type AuthorizeOptions, type Authorizer, createAuthorizer, type Fetch, sendAuthorized } from '@tok/core/adapter';
import type { Middleware } from 'openapi-fetch';
import type { OpenApiAuth } from './fromOpenApi.js';

/**
 * Options of {@link tokenMiddleware}: those of every tok adapter. `origins` defaults to the origin
 * of the client's `baseUrl`.
 */
export interface TokenMiddlewareOptions extends AuthorizeOptions {
  /** The `fetch` token requests go through. Default: the global `fetch`. */
  fetch?: Fetch | undefined;
}

type Token = Parameters<Authorizer['value']>[0];

// What onRequest hands onResponse for one request: the token it carries and the request as it
// was before it was sent (its body intact, for a redirect hop or the retry).
interface Sent {
  readonly authorizer: Authorizer;
  readonly token: Token;
  readonly original: Request;
  readonly follow: boolean;
}

const isOpenApiAuth = (auth: unknown): auth is OpenApiAuth<never> => typeof auth === 'object' && auth !== null && 'grantFor' in auth && 'scheme' in auth;

/**
 * An openapi-fetch middleware (`client.use(tokenMiddleware(auth))`) that gives requests to the
 * allowed origins a bearer token from `auth`: what {@link fromOpenApi} read from the API's
 * document (with per-operation scopes, each request gets a token with its operation's scopes, one
 * token source per distinct scope set), a grant from `clientCredentials(…)`, a shared token source,
 * or a token string. `origins` defaults to the origin of the client's `baseUrl`.
 *
 * On a 401 the token that request used is invalidated and the request sent once more, body
 * included, with a fresh token. The token never goes to the token endpoint nor, outside browsers
 * (tok follows redirects itself there), along a redirect to an origin that is not allowed. When no
 * token can be had the call rejects with the token source's error (`OAuthError`, `TransportError`,
 * …) and nothing is sent.
 *
 * The middleware sees a `Request`, not the value openapi-fetch serialised: every body is kept (as
 * a clone) until the answer, so a streamed body is replayed too.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 * @example
 * ```ts
 * import createClient from 'openapi-fetch';
 * import { clientCredentials } from '@tok/core';
 * import { tokenMiddleware } from '@tok/openapi';
 * import type { paths } from './api.d.ts';
 *
 * const client = createClient<paths>({ baseUrl: 'https://api.example.com/v1' });
 * client.use(tokenMiddleware(clientCredentials({
 *   tokenUrl: 'https://auth.example.com/oauth/token',
 *   clientId: process.env.CLIENT_ID,
 *   clientSecret: process.env.CLIENT_SECRET,
 * })));
 * const { data } = await client.GET('/items');
 * ```
 */
export function tokenMiddleware(auth: Auth | OpenApiAuth<never>, options: TokenMiddlewareOptions = {}): Middleware {
  const { fetch: tokenFetch, ...authorize } = options;
  const transport = fetchTransport(tokenFetch ?? ((input, init) => globalThis.fetch(input, init)));
  const authorizerFor = (grant: Auth) => createAuthorizer(grant, authorize, { transport, baseUrlPerRequest: true });

  // One authorizer (and so one token source) per grant: per scope set for per-operation scopes.
  const perOperation = isOpenApiAuth(auth) && auth.scopes === 'per-operation' ? auth : undefined;
  const single = isOpenApiAuth(auth) ? authorizerFor(auth.grant) : authorizerFor(auth);
  const authorizers = new Map<Grant, Authorizer>();
  const pick = (schemaPath: string, method: string): Authorizer | undefined => {
    if (!perOperation) return single;
    const scopes = perOperation.scopesOf(schemaPath as never, method);
    if (scopes === undefined) return undefined;
    const grant = perOperation.grantFor(scopes);
    if (grant === perOperation.grant) return single;
    let authorizer = authorizers.get(grant);
    if (!authorizer) authorizers.set(grant, (authorizer = authorizerFor(grant)));
    return authorizer;
  };

  const sent = new WeakMap<Request, Sent>();
  return {
    async onRequest({ request, schemaPath, options: { baseUrl } }) {
      const authorizer = pick(schemaPath, request.method);
      // An operation that needs no token from this scheme goes out as it is.
      if (authorizer === undefined) return undefined;
      if (!authorizer.attaches(request.url, request.headers.get(authorizer.header), baseUrl || undefined)) return undefined;
      const token = await authorizer.token(request.signal);
      const follow = authorizer.follows(request.redirect);
      // The request openapi-fetch sends is a copy; the original keeps its body for a hop or the retry.
      const outgoing = new Request(request.clone(), follow ? { redirect: 'manual' } : {});
      outgoing.headers.set(authorizer.header, authorizer.value(token));
      sent.set(outgoing, { authorizer, token, original: request, follow });
      return outgoing;
    },
    async onResponse({ request, response, options: { baseUrl, fetch } }) {
      const state = sent.get(request);
      if (state === undefined || state.authorizer.isFinal(response.status, state.follow)) return undefined;
      const send = (next: Request) => fetch(next);
      return sendAuthorized(state.authorizer, send, state.original, state.token, { follow: state.follow, replayable: true, baseUrl: baseUrl || undefined, response });
    },
  };
}
