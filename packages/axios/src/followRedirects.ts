import { type Authorizer, isReplayable, redirectHop } from '@tok/core/adapter';
import axios, { type AxiosAdapter, AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';

// axios's fetch adapter lets fetch follow redirects, and fetch drops only `Authorization` on a hop
// to another origin: a custom header (x-api-key) goes along, and so does any header on a hop to the
// token endpoint of the same origin. For requests that carry a token, tok follows them itself
// instead, deciding each hop as the http adapter's `beforeRedirect` hook does.

// follow-redirects' default, which the http adapter uses when `maxRedirects` is not set.
const MAX_REDIRECTS = 21;
// What follow-redirects drops on a hop to another host, as fetch drops `Authorization`.
const CROSS_ORIGIN_DROPPED = ['authorization', 'proxy-authorization', 'cookie'];

// What of `env` decides the adapter axios picks.
type Env = { fetch?: unknown; Request?: unknown; Response?: unknown; Blob?: unknown } | undefined;

/**
 * The adapter to give a request instead of the one it names (`config.adapter`, a per-request one
 * too): the adapter axios would pick, wrapped by `wrap` (with, for axios's fetch adapter, tok
 * following redirects). Worked out once per adapter and `env`, not per request.
 */
export function adapterResolver(authorizer: Authorizer, wrap: (adapter: AxiosAdapter, send: AxiosAdapter, http: boolean) => AxiosAdapter) {
  const { getAdapter } = axios as { getAdapter?: (adapters: unknown, config?: unknown) => AxiosAdapter };
  if (typeof getAdapter !== 'function') throw new TypeError('@tok/axios needs axios 1.5 or later (axios.getAdapter); this axios has none: upgrade it');
  const wrapped = new WeakMap<AxiosAdapter, AxiosAdapter>();
  const ours = new WeakSet<AxiosAdapter>();
  let last: { given: unknown; env: Env; adapter: unknown } | undefined;
  // Named reads, not a loop over the names: keyed reads of a fresh object each request (axios merges
  // env per request) take a slow generic lookup, microseconds on this cold path.
  const sameEnv = (a: Env, b: Env) => a?.fetch === b?.fetch && a?.Request === b?.Request && a?.Response === b?.Response && a?.Blob === b?.Blob;
  // axios hands each request a copy of the instance's list of adapter names: equal names, same adapter.
  const sameGiven = (a: unknown, b: unknown) => {
    if (a === b) return true;
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'string' || a[i] !== b[i]) return false;
    return true;
  };

  return (config: InternalAxiosRequestConfig): AxiosAdapter => {
    const given = config.adapter;
    if (typeof given === 'function' && ours.has(given)) return given as AxiosAdapter;
    const env = config.env as Env;
    if (last !== undefined && sameGiven(last.given, given) && sameEnv(last.env, env)) return last.adapter as AxiosAdapter;
    let adapter: unknown = given;
    try {
      const chosen = getAdapter(given ?? axios.defaults.adapter, config);
      adapter = wrapped.get(chosen);
      if (!adapter) {
        const viaFetch = chosen === tryGet(() => getAdapter('fetch', config));
        const made = wrap(chosen, viaFetch && authorizer.follows() ? follow(chosen, authorizer, fullPath) : chosen, !viaFetch);
        wrapped.set(chosen, made);
        ours.add(made);
        adapter = made;
      }
    } catch {
      // An adapter axios cannot resolve: axios reports it itself.
    }
    last = { given, env, adapter };
    return adapter as AxiosAdapter;
  };
}

const tryGet = (get: () => AxiosAdapter): AxiosAdapter | undefined => {
  try {
    return get();
  } catch {
    return undefined;
  }
};


/**
 * The URL axios will request, joined as its buildFullPath joins it. Not `getUri`: it also
 * serialises `params`, which decide nothing here and cost as much as the rest of the adapter.
 */
export function fullPath({ baseURL, url, allowAbsoluteUrls }: InternalAxiosRequestConfig & { allowAbsoluteUrls?: boolean }): string {
  const path = url == null ? '' : String(url);
  const base = baseURL == null ? '' : String(baseURL);
  if (!base || (isAbsolute(path) && allowAbsoluteUrls !== false)) return path;
  if (!path) return base;
  // As axios's combineURLs: the trailing slashes off the base, the leading ones off the path.
  let end = base.length;
  while (end > 0 && base.charCodeAt(end - 1) === SLASH) end--;
  let start = 0;
  while (path.charCodeAt(start) === SLASH) start++;
  return `${base.slice(0, end)}/${path.slice(start)}`;
}

const SLASH = 47;

// axios's isAbsoluteURL, `^([a-z][a-z\d+\-.]*:)?\/\/` in any case, by character codes: this runs
// per request, cold between network events, where a regular expression costs microseconds.
export function isAbsolute(url: string): boolean {
  let i = 0;
  const first = url.charCodeAt(0) | 32;
  if (first >= 97 && first <= 122) {
    i = 1;
    for (;;) {
      const c = url.charCodeAt(i);
      const letter = c | 32;
      if ((letter >= 97 && letter <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) i++;
      else break;
    }
    i = url.charCodeAt(i) === 58 ? i + 1 : 0;
  }
  return url.charCodeAt(i) === SLASH && url.charCodeAt(i + 1) === SLASH;
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
      if (!response) return answer();
      const from = (response.request as { url?: unknown } | undefined)?.url;
      const current = typeof from === 'string' ? from : fullUrl(hop);
      const method = (hop.method ?? 'get').toUpperCase();
      const next = redirectHop(response.status, response.headers?.location, current, method);
      // A body that was a stream is gone: the caller gets the redirect, as fetch would fail.
      if (!next || (!next.toGet && hop.data != null && !isReplayable(hop.data))) return answer();
      const { url, toGet } = next;
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
