import type { Transport } from './tokenSource.js';

/** A function with `fetch`'s signature: the global one, or a client built on it (ky). */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A {@link Transport} over `fetch`: the answer's status, lower-case headers and text body, whatever
 * the status. Redirects are not followed (`redirect: 'manual'`): a token endpoint that redirects
 * gets a clear error rather than client credentials sent on to wherever it points.
 *
 * @see https://fetch.spec.whatwg.org/#concept-request-redirect-mode
 * @see {@link Transport}
 * @example
 * ```ts
 * const source = createTokenSource(grant, { transport: fetchTransport(fetch) });
 * ```
 */
export function fetchTransport(fetch: Fetch): Transport {
  return async ({ url, method, headers, body }, { signal }) => {
    const response = await fetch(url, { method, headers, body: body ?? null, signal, redirect: 'manual' });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  };
}
