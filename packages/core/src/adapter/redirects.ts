/**
 * Whether tok follows redirects itself (`redirect: 'manual'`) for requests that carry a token, so
 * that a redirect to another origin never carries it, whatever the header's name: everywhere but in
 * a browser, where a manual redirect hides its target (and the browser itself drops `Authorization`
 * across origins).
 *
 * @see https://fetch.spec.whatwg.org/#concept-request-redirect-mode
 * @see https://fetch.spec.whatwg.org/#concept-filtered-response-opaque-redirect
 * @example
 * ```ts
 * const follow = request.redirect === 'follow' && manualRedirects();
 * ```
 */
export function manualRedirects(): boolean {
  const scope = globalThis as { document?: unknown; importScripts?: unknown };
  return scope.document === undefined && typeof scope.importScripts !== 'function';
}

/**
 * The redirect statuses a client follows: 301, 302, 303, 307 and 308. Any other answer, a 304
 * included, is final.
 *
 * @see https://fetch.spec.whatwg.org/#redirect-status
 * @example
 * ```ts
 * if (REDIRECT_STATUSES.has(response.status)) console.debug('a redirect');
 * ```
 */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Where a redirect goes, and whether the request turns into a GET without its body. */
export interface RedirectHop {
  readonly url: URL;
  readonly toGet: boolean;
}

/**
 * The next hop of a redirect by the Fetch standard's rules, or `undefined` when the answer is not
 * one to follow: not a redirect status, no or an unreadable `Location`, or not http(s). A 303 turns
 * anything but GET and HEAD into a GET; a 301 or 302 turns a POST into one. Every adapter that
 * follows redirects itself (fetch-based clients, axios's fetch adapter) decides hops with it.
 *
 * @see https://fetch.spec.whatwg.org/#http-redirect-fetch
 * @example
 * ```ts
 * const hop = redirectHop(303, 'https://api.example.com/done', 'https://api.example.com/orders', 'POST');
 * // { url: URL('https://api.example.com/done'), toGet: true }
 * ```
 */
export function redirectHop(status: number, location: string | null | undefined, current: string, method: string): RedirectHop | undefined {
  if (!REDIRECT_STATUSES.has(status) || typeof location !== 'string' || !URL.canParse(location, current)) return undefined;
  const url = new URL(location, current);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const upper = method.toUpperCase();
  return { url, toGet: status === 303 ? upper !== 'GET' && upper !== 'HEAD' : status < 303 && upper === 'POST' };
}
