import type { Transport } from './types.js';
import { readLimited } from './body.js';

/** A function with `fetch`'s signature: the global one, or a client built on it (ky). */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A {@link Transport} over `fetch`: the answer's status, lower-case headers and text body, whatever
 * the status. Redirects are not followed (`redirect: 'manual'`): a token endpoint that redirects
 * gets a clear error rather than client credentials sent on to wherever it points. The body is read
 * up to {@link MAX_RESPONSE_BYTES} (after decompression) and cut off past it, with a
 * `TOK_RESPONSE_TOO_LARGE` {@link ResponseError}. What `fetch` throws is thrown on as it is: a grant
 * scrubs its own credentials from every failure of its token requests (ky 2, for one, keeps its
 * `Request`, with the Authorization header, on its errors), so a token source never shows them.
 *
 * @see https://fetch.spec.whatwg.org/#concept-request-redirect-mode
 * @see {@link Transport}
 * @see {@link MAX_RESPONSE_BYTES}
 * @example
 * ```ts
 * const source = createTokenSource(grant, { transport: fetchTransport(fetch) });
 * ```
 */
export function fetchTransport(fetch: Fetch): Transport {
  return async (request, { signal }) => {
    const { url, method, headers, body } = request;
    const response = await fetch(url, { method, headers, body: body ?? null, signal, redirect: 'manual' });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await readLimited(response, url) };
  };
}
