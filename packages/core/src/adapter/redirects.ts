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
