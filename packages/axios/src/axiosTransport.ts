import { MAX_RESPONSE_BYTES, responseTooLarge, type Transport } from '@tok/core/adapter';
import type { AxiosInstance } from 'axios';

/** Marks token requests in their axios config, so that {@link useToken}'s interceptors leave them alone. */
export const TOKEN_REQUEST = 'tokTokenRequest';

/**
 * A `Transport` over an axios instance (its adapter, agents, proxy and other interceptors apply):
 * the answer as text whatever its status, with the instance's `baseURL` not applied, no redirect
 * followed (`maxRedirects: 0`, which axios's fetch adapter turns into `redirect: 'manual'`), and
 * none of tok's interceptors run even when the instance has them. The answer is cut off past
 * `MAX_RESPONSE_BYTES` (`maxContentLength`, which axios's http and fetch adapters count after
 * decompression while reading) with a `TOK_RESPONSE_TOO_LARGE` error. A failed request's error
 * keeps only axios's message and code: an `AxiosError` holds the request's config, with the
 * Basic header and the form body.
 *
 * @example
 * ```ts
 * import axios from 'axios';
 * import { createTokenSource } from '@tok/core';
 * import { axiosTransport } from '@tok/axios';
 *
 * const source = createTokenSource(grant, { transport: axiosTransport(axios) });
 * ```
 */
export function axiosTransport(instance: AxiosInstance): Transport {
  return async ({ url, method, headers, body }, { signal }) => {
    const response = await instance
      .request<string>({
      url,
      method,
      headers,
      data: body,
      signal,
      baseURL: '',
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
      responseType: 'text',
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      [TOKEN_REQUEST]: true,
    } as Parameters<AxiosInstance['request']>[0])
      .catch((error: unknown) => withoutRequest(error, url));
    const received = Object.entries({ ...response.headers }).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value)]);
    const text = String(response.data ?? '');
    // An axios whose adapter does not enforce maxContentLength (older fetch adapters) read it all:
    // the limit still holds for what is handed on.
    if (text.length > MAX_RESPONSE_BYTES) throw responseTooLarge(url, response.status);
    return { status: response.status, headers: Object.fromEntries(received), body: text };
  };
}

// An AxiosError carries the request's config: the Basic header and the form body with the secret.
// Pass on only what says why the request failed.
function withoutRequest(error: unknown, url: string): never {
  const { message, code, request } = error as { message?: unknown; code?: unknown; request?: { res?: { statusCode?: unknown } } };
  if (String(message).includes('maxContentLength')) {
    // The http adapter's request still knows the status; the fetch adapter's does not say.
    const status = request?.res?.statusCode;
    throw responseTooLarge(url, typeof status === 'number' ? status : 0);
  }
  throw new Error(`axios: ${String(message)}`, typeof code === 'string' ? { cause: { code } } : undefined);
}
