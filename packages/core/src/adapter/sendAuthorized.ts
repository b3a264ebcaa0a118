import { redirectHop } from './redirects.js';
import type { Authorizer } from './authorizer.js';
import type { Token } from '../response/token.js';

export { manualRedirects } from './redirects.js';

/** Options of {@link sendAuthorized}. */
export interface SendAuthorizedOptions {
  /** Follow redirects here, deciding for each hop whether the token goes along. See {@link manualRedirects}. */
  follow: boolean;
  /** Whether the body can be sent again (see `isReplayable`); a request with a stream body is not retried. */
  replayable: boolean;
  /** The client's base URL for this request, when it only knows it per request (ky's `prefixUrl`). */
  baseUrl?: string | undefined;
  /** The answer to `request` when the client has sent it already (ky's `afterResponse` hook). */
  response?: Response | undefined;
}

const MANUAL: RequestInit = { redirect: 'manual' };
const MAX_REDIRECTS = 20;

/**
 * Sends `request` for a fetch-based client with `token` in the authorizer's header, following
 * redirects as `fetch` does (method and body rules of the Fetch standard, at most 20) when `follow`
 * is set, with the token only on hops to allowed origins; then, when the API refuses the token,
 * retries once with a fresh one (see {@link Authorizer.retryWith}). `request` is not consumed when
 * `replayable`.
 *
 * @see https://fetch.spec.whatwg.org/#http-redirect-fetch
 * @example
 * ```ts
 * const token = await authorizer.getToken(request.signal);
 * return sendAuthorized(authorizer, fetch, request, token, { follow: manualRedirects(), replayable: true });
 * ```
 */
export async function sendAuthorized(
  authorizer: Authorizer,
  send: (request: Request) => Promise<Response>,
  request: Request,
  token: Token,
  { follow, replayable, baseUrl, response }: SendAuthorizedOptions,
): Promise<Response> {
  const authorize = (headers: Headers, url: string, token: Token) => {
    if (authorizer.appliesTo(url, baseUrl)) headers.set(authorizer.header, authorizer.value(token));
    else headers.delete(authorizer.header);
  };

  const attempt = async (token: Token, first?: Response): Promise<Response> => {
    let current = request;
    if (!first) {
      current = new Request(replayable ? request.clone() : request, follow ? { redirect: 'manual' } : {});
      authorize(current.headers, current.url, token);
    }
    let answer = first ?? (await send(replayable ? current.clone() : current));
    for (let hops = 0; follow; hops++) {
      const { method } = current;
      const hop = redirectHop(answer.status, answer.headers.get('location'), current.url, method);
      if (!hop || (!hop.toGet && current.bodyUsed)) break;
      const { url, toGet } = hop;
      if (hops === MAX_REDIRECTS) throw new TypeError(`${request.method} ${request.url}: more than ${MAX_REDIRECTS} redirects`);
      const headers = new Headers(current.headers);
      for (const name of [...headers.keys()]) if (toGet && name.startsWith('content-')) headers.delete(name);
      if (url.origin !== new URL(current.url).origin) headers.delete('authorization');
      authorize(headers, url.href, token);
      const body = toGet || current.body === null ? null : await current.clone().arrayBuffer();
      discard(answer);
      current = new Request(url, { method: toGet ? 'GET' : method, headers, body, redirect: 'manual', signal: current.signal });
      answer = await send(current.clone());
    }
    return answer;
  };

  const answer = await attempt(token, response);
  const fresh = await authorizer.retryWith(token, answer.status, answer.headers.get('www-authenticate'), { signal: request.signal, replayable });
  if (!fresh) return answer;
  discard(answer);
  return attempt(fresh);
}

// An answer that is replaced: free its connection.
function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

/**
 * Sends a `Request` that the client built and owns (ky's), the fast way: writes the token into its
 * headers and sends it as is (a copy when its body must stay for a retry), with `redirect: 'manual'`
 * when tok follows redirects. Only an answer that is not {@link Authorizer.isFinal | final} (a 401
 * to retry, a redirect to follow) goes on to {@link sendAuthorized}. `request` keeps its body when
 * `replayable`, so that the client can retry it too.
 *
 * @see {@link sendAuthorized}, the slow path
 * @example
 * ```ts
 * const token = await authorizer.token(request.signal);
 * return sendRequest(authorizer, fetch, request, token, { follow: authorizer.follows(request.redirect), replayable: true });
 * ```
 */
export function sendRequest(
  authorizer: Authorizer,
  send: (request: Request, init?: RequestInit) => Promise<Response>,
  request: Request,
  token: Token,
  options: Omit<SendAuthorizedOptions, 'response'>,
): Promise<Response> {
  request.headers.set(authorizer.header, authorizer.value(token));
  const { follow, replayable } = options;
  const sent = replayable && request.body !== null ? request.clone() : request;
  return send(sent, follow ? MANUAL : undefined).then((response) =>
    authorizer.isFinal(response.status, follow) ? response : sendAuthorized(authorizer, send, request, token, { ...options, replayable: replayable && !request.bodyUsed, response }),
  );
}
