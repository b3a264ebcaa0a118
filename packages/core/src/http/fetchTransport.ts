import type { Transport } from './types.js';
import { readLimited } from './body.js';
import { requestSecrets, scrubError } from '../redaction/scrub.js';

/** A function with `fetch`'s signature: the global one, or a client built on it (ky). */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A {@link Transport} over `fetch`: the answer's status, lower-case headers and text body, whatever
 * the status. Redirects are not followed (`redirect: 'manual'`): a token endpoint that redirects
 * gets a clear error rather than client credentials sent on to wherever it points. The body is read
 * up to {@link MAX_RESPONSE_BYTES} (after decompression) and cut off past it, with a
 * `TOK_RESPONSE_TOO_LARGE` {@link ResponseError}. When `fetch` throws, what is thrown on holds only
 * names, codes and messages, without the request's credentials: ky 2, for one, keeps its `Request`
 * (with the Authorization header) on its errors.
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
    try {
      const response = await fetch(url, { method, headers, body: body ?? null, signal, redirect: 'manual' });
      return { status: response.status, headers: Object.fromEntries(response.headers), body: await readLimited(response, url) };
    } catch (error) {
      throw scrubError(error, requestSecrets(request));
    }
  };
}
