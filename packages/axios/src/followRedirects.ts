import { type Authorizer, isReplayable } from '@tok/core/adapter';
import axios, { type AxiosAdapter, AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';

// axios's fetch adapter lets fetch follow redirects, and fetch drops only `Authorization` on a hop
// to another origin: a custom header (x-api-key) goes along, and so does any header on a hop to the
// token endpoint of the same origin. For requests that carry a token, tok follows them itself
// instead, deciding each hop as the http adapter's `beforeRedirect` hook does.

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// follow-redirects' default, which the http adapter uses when `maxRedirects` is not set.
const MAX_REDIRECTS = 21;
// What follow-redirects drops on a hop to another host, as fetch drops `Authorization`.
const CROSS_ORIGIN_DROPPED = ['authorization', 'proxy-authorization', 'cookie'];
const ENV_KEYS = ['fetch', 'Request', 'Response', 'Blob'] as const;

type Env = Partial<Record<(typeof ENV_KEYS)[number], unknown>> | undefined;

/**
 * Decides, per request, whether the adapter axios will use is its fetch adapter, and gives the
 * adapter that follows redirects for tok then. The answer depends only on `config.adapter` and the
 * `env` the fetch adapter reads: it is worked out once per such combination, not per request.
 */
export function redirectFollower(authorizer: Authorizer, fullUrl: (config: InternalAxiosRequestConfig) => string) {
  const { getAdapter } = axios as { getAdapter?: (adapters: unknown, config?: unknown) => AxiosAdapter };
  const followers = new WeakMap<AxiosAdapter, AxiosAdapter>();
  const ours = new WeakSet<AxiosAdapter>();
  let last: { adapter: unknown; env: Env; follower: AxiosAdapter | undefined } | undefined;

  const sameEnv = (a: Env, b: Env) => {
    for (const key of ENV_KEYS) if (a?.[key] !== b?.[key]) return false;
    return true;
  };
  const resolve = (config: InternalAxiosRequestConfig): AxiosAdapter | undefined => {
    // axios before 1.7 has no fetch adapter; an adapter axios cannot resolve fails in axios itself.
    if (!getAdapter) return undefined;
    try {
      const chosen = getAdapter(config.adapter, config);
      if (chosen !== getAdapter('fetch', config)) return undefined;
      let follower = followers.get(chosen);
      if (!follower) followers.set(chosen, (follower = follow(chosen, authorizer, fullUrl)));
      ours.add(follower);
      return follower;
    } catch {
      return undefined;
    }
  };

  /** The adapter to use instead of `config.adapter` for a request that carries a token, if any. */
  return (config: InternalAxiosRequestConfig): AxiosAdapter | undefined => {
    const { adapter } = config;
    // A retry after a 401 comes back with the follower already in place.
    if (typeof adapter === 'function' && ours.has(adapter)) return undefined;
    const env = config.env as Env;
    if (!last || last.adapter !== adapter || !sameEnv(last.env, env)) last = { adapter, env, follower: resolve(config) };
    return last.follower;
  };
}

function follow(adapter: AxiosAdapter, authorizer: Authorizer, fullUrl: (config: InternalAxiosRequestConfig) => string): AxiosAdapter {
  const { header } = authorizer;
  return async (config) => {
    const limit = config.maxRedirects ?? MAX_REDIRECTS;
    // maxRedirects: 0 asks for the redirect itself: the fetch adapter then does not follow either.
    if (limit === 0) return adapter(config);
    // The value tok wrote for this request (a retry after a 401 comes with a fresh one).
    const value = AxiosHeaders.from(config.headers).get(header);
    let hop: InternalAxiosRequestConfig = { ...config, maxRedirects: 0 };
    for (let hops = 0; ; hops++) {
      let response: AxiosResponse | undefined;
      let failure: unknown;
      try {
        response = await adapter(hop);
      } catch (error) {
        // With the default validateStatus a 3xx rejects: its response is still the redirect.
        failure = error;
        response = (error as AxiosError | undefined)?.response;
      }
      const answer = () => (failure === undefined ? (response as AxiosResponse) : Promise.reject(failure));
      const location = response && REDIRECTS.has(response.status) ? response.headers?.location : undefined;
      const from = (response?.request as { url?: unknown } | undefined)?.url;
      const current = typeof from === 'string' ? from : fullUrl(hop);
      if (typeof location !== 'string' || !URL.canParse(location, current)) return answer();

      const url = new URL(location, current);
      const method = (hop.method ?? 'get').toUpperCase();
      const status = (response as AxiosResponse).status;
      // The Fetch standard's rules: 303 turns anything but GET/HEAD into a GET; 301/302 a POST.
      const toGet = status === 303 ? method !== 'GET' && method !== 'HEAD' : status < 303 && method === 'POST';
      // A body that was a stream is gone: the caller gets the redirect, as fetch would fail.
      if (!/^https?:$/.test(url.protocol) || (!toGet && hop.data != null && !isReplayable(hop.data))) return answer();
      if (hops === limit) {
        throw new AxiosError(`Maximum number of redirects exceeded (${limit})`, 'ERR_FR_TOO_MANY_REDIRECTS', hop, response?.request, response);
      }

      const headers = new AxiosHeaders(hop.headers);
      if (toGet) for (const name of Object.keys(headers.toJSON())) if (name.toLowerCase().startsWith('content-')) headers.delete(name);
      if (url.origin !== new URL(current).origin) for (const name of CROSS_ORIGIN_DROPPED) headers.delete(name);
      if (value != null && authorizer.appliesTo(url.href)) headers.set(header, value);
      else headers.delete(header);
      hop = { ...hop, url: url.href, method: toGet ? 'get' : method, data: toGet ? undefined : hop.data, headers };
      // The Location is the whole next URL: no base URL or params joined to it again.
      delete hop.baseURL;
      delete hop.params;
    }
  };
}
