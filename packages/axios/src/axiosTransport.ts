import type { Transport } from '@tok/core';
import type { AxiosInstance } from 'axios';

/** Marks token requests in their axios config, so that {@link useToken}'s interceptors leave them alone. */
export const TOKEN_REQUEST = 'tokTokenRequest';

/**
 * A `Transport` over an axios instance (its adapter, agents, proxy and other interceptors apply):
 * the answer as text whatever its status, with the instance's `baseURL` not applied, no redirect
 * followed in Node (`maxRedirects: 0`), and none of tok's interceptors run even when the instance
 * has them.
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
      responseType: 'text',
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      [TOKEN_REQUEST]: true,
    } as Parameters<AxiosInstance['request']>[0])
      .catch(withoutRequest);
    const received = Object.entries({ ...response.headers }).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value)]);
    return { status: response.status, headers: Object.fromEntries(received), body: String(response.data ?? '') };
  };
}

// An AxiosError carries the request's config: the Basic header and the form body with the secret.
// Pass on only what says why the request failed.
function withoutRequest(error: unknown): never {
  const { message, code } = error as { message?: unknown; code?: unknown };
  throw new Error(`axios: ${String(message)}`, typeof code === 'string' ? { cause: { code } } : undefined);
}
