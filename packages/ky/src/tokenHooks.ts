import { type Auth, type AuthorizeOptions, createAuthorizer, isReplayable, isTokError, manualRedirects, sendAuthorized } from '@tok/core';
import ky from 'ky';
import { kyTransport, TOKEN_REQUEST } from './kyTransport.js';

/**
 * ky's hooks for {@link tokenHooks}: typed loosely to fit ky 1 (arguments) and ky 2 (one state object).
 *
 * @example
 * ```ts
 * const api = ky.create({ hooks: { ...tokenHooks(grant), beforeError: [logError] } });
 * ```
 */
export interface TokenHooks {
  beforeRequest: Array<(...args: unknown[]) => Promise<Request | undefined>>;
  afterResponse: Array<(...args: unknown[]) => Promise<Response | undefined>>;
  beforeRetry: Array<(...args: unknown[]) => void>;
}

// What the hooks read of ky's normalized options, in ky 1 and ky 2.
interface KyOptions {
  prefixUrl?: string | URL;
  prefix?: string | URL;
  baseUrl?: string | URL;
  redirect?: RequestRedirect;
  body?: unknown;
  fetch?: (request: Request) => Promise<Response>;
  context?: Record<PropertyKey, unknown>;
}

interface HookState {
  request: Request;
  options: KyOptions;
  response?: Response;
  error?: unknown;
}

// ky 1 calls hooks with (request, options, response), ky 2 with ({ request, options, response }).
const stateOf = (args: unknown[]): HookState => {
  const [first, options, response] = args as [HookState | Request, KyOptions, Response];
  return 'request' in first ? first : { request: first, options, response };
};
const baseUrlOf = ({ prefixUrl, prefix, baseUrl }: KyOptions) => String(prefixUrl || prefix || baseUrl || '') || undefined;

/**
 * ky hooks that give requests to the allowed origins a bearer token from `auth`: a grant from
 * `clientCredentials(…)` (its token requests go through ky), a shared token source, or a long-lived
 * token string. `origins` defaults to the instance's `prefixUrl` (ky 1) or `prefix` / `baseUrl`
 * (ky 2) origin. On a 401 the token the request used is invalidated and the request sent once more
 * with a fresh token (not when its body is a stream); outside browsers redirects are followed by tok,
 * so that a hop to another origin never carries the token. When no token can be had the request
 * rejects with the token source's error (`OAuthError`, `TransportError`, …), unsent and not retried.
 *
 * The retry and redirect hops go through the instance's `fetch` directly: ky's `timeout` covers the
 * first request only.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { clientCredentials } from '@tok/core';
 * import { tokenHooks } from '@tok/ky';
 *
 * const api = ky.create({
 *   prefixUrl: 'https://api.example.com/v1', // ky 2: prefix
 *   hooks: tokenHooks(clientCredentials({
 *     tokenUrl: 'https://auth.example.com/oauth/token',
 *     clientId: process.env.CLIENT_ID,
 *     clientSecret: process.env.CLIENT_SECRET,
 *   })),
 * });
 * const items = await api.get('items').json();
 * ```
 */
export function tokenHooks(auth: Auth, options?: AuthorizeOptions): TokenHooks {
  const authorizer = createAuthorizer(auth, options, { transport: kyTransport(ky), baseUrlPerRequest: true });
  const { header } = authorizer;
  const manual = manualRedirects();
  const follows = (options: KyOptions) => manual && (options.redirect ?? 'follow') === 'follow';

  return {
    beforeRequest: [
      async (...args) => {
        const { request, options } = stateOf(args);
        if (options.context?.[TOKEN_REQUEST] || !authorizer.appliesTo(request.url, baseUrlOf(options))) return;
        const given = request.headers.get(header);
        if (given !== null && !authorizer.tokenOf(given)) {
          authorizer.skip(request.url, 'own-header');
          return;
        }
        request.headers.set(header, authorizer.value(await authorizer.getToken(request.signal)));
        return follows(options) && request.redirect !== 'manual' ? new Request(request, { redirect: 'manual' }) : undefined;
      },
    ],
    afterResponse: [
      async (...args) => {
        const { request, options, response } = stateOf(args);
        // Most answers are neither a refusal nor a redirect: leave them to ky untouched.
        if (!response || (response.status !== 401 && (response.status < 300 || response.status > 399))) return;
        const used = authorizer.tokenOf(request.headers.get(header));
        if (!used || options.context?.[TOKEN_REQUEST]) return;
        const replayable = isReplayable(options.body);
        // ky 2 sends its own Request when it will not retry (retry: 0), so by now its body is used:
        // rebuild it from ky's options, which still hold the body.
        const sent = request.bodyUsed && replayable ? new Request(request, { body: options.body as BodyInit }) : request;
        const answer = await sendAuthorized(authorizer, (next) => (options.fetch ?? fetch)(next), sent, used, {
          follow: follows(options),
          replayable: replayable && !sent.bodyUsed,
          baseUrl: baseUrlOf(options),
          response,
        });
        return answer === response ? undefined : answer;
      },
    ],
    // ky 1 retries whatever a beforeRequest hook throws; the token source has retried already.
    beforeRetry: [
      (...args) => {
        const { error } = args[0] as HookState;
        if (isTokError(error)) throw error;
      },
    ],
  };
}
