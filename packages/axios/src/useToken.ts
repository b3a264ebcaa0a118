import { type Auth, type AuthorizeOptions, createAuthorizer, isReplayable } from '@tok/core/adapter';
import { type AxiosAdapter, AxiosHeaders, type AxiosInstance, type AxiosResponse, CanceledError, type InternalAxiosRequestConfig } from 'axios';
import { axiosTransport, TOKEN_REQUEST } from './axiosTransport.js';
import { adapterResolver, fullPath } from './followRedirects.js';

type BeforeRedirect = NonNullable<InternalAxiosRequestConfig['beforeRedirect']>;
type Token = Parameters<ReturnType<typeof createAuthorizer>['value']>[0];

/**
 * Makes requests of an axios instance to the allowed origins carry a bearer token from `auth`: a
 * grant from `clientCredentials(…)` (its token requests go through this instance unless
 * `options.source.transport` says otherwise), a shared token source, or a long-lived token string.
 * `origins` defaults to the instance's `baseURL` origin. On a 401 the token the request used is
 * invalidated and the request sent once more with a fresh token (not when its body is a stream). In
 * Node a redirect to an origin not allowed drops the token, whatever the header's name. When no
 * token can be had the request rejects with the token source's error (`OAuthError`,
 * `TransportError`, …) and is not sent.
 *
 * tok wraps the adapter each request uses (a per-request `adapter` too) through one synchronous
 * request interceptor: your own interceptors run as they would without tok. Returns the function
 * that removes it.
 *
 * @example
 * ```ts
 * import axios from 'axios';
 * import { clientCredentials } from '@tok/core';
 * import { useToken } from '@tok/axios';
 *
 * const api = axios.create({ baseURL: 'https://api.example.com/v1' });
 * const eject = useToken(api, clientCredentials({
 *   tokenUrl: 'https://auth.example.com/oauth/token',
 *   clientId: process.env.CLIENT_ID,
 *   clientSecret: process.env.CLIENT_SECRET,
 * }));
 * const { data } = await api.get('/items');
 * ```
 */
export function useToken(instance: AxiosInstance, auth: Auth, options?: AuthorizeOptions): () => void {
  const { baseURL } = instance.defaults;
  const authorizer = createAuthorizer(auth, options, { transport: axiosTransport(instance), baseUrl: baseURL == null ? undefined : String(baseURL) });
  const { header } = authorizer;

  // Follow-redirects (the http adapter) keeps custom headers across origins: one hook per token
  // value decides each hop, so that a request allocates none.
  const hooks = new Map<string, BeforeRedirect>();
  const hookFor = (value: string): BeforeRedirect => {
    let hook = hooks.get(value);
    if (!hook) {
      hook = (redirect) => {
        const headers = redirect.headers as Record<string, unknown>;
        for (const name of Object.keys(headers)) if (name.toLowerCase() === header) delete headers[name];
        if (authorizer.appliesTo(String(redirect.href))) headers[header] = value;
      };
      hooks.set(value, hook);
      if (hooks.size > 8) hooks.delete(hooks.keys().next().value as string);
    }
    return hook;
  };

  // The adapter a request would use, wrapped: attach the token, then retry one refused token.
  const wrap = (adapter: AxiosAdapter, send: AxiosAdapter, http: boolean): AxiosAdapter => (config) => {
    // URL objects as text: axios itself joins a URL-object baseURL with a path by string methods.
    if (typeof config.url === 'object' && config.url !== null) config.url = String(config.url);
    if (typeof config.baseURL === 'object' && config.baseURL !== null) config.baseURL = String(config.baseURL);
    const headers = config.headers instanceof AxiosHeaders ? config.headers : (config.headers = AxiosHeaders.from(config.headers ?? {}));
    const url = fullPath(config);
    const own = headers.get(header);
    // A cached token for a request that takes one, in one call; anything else is decided in full.
    const cached = own == null ? authorizer.cachedToken(url) : undefined;
    if (cached === undefined && !authorizer.attaches(url, own?.toString())) return adapter(config);
    const signal = config.signal as AbortSignal | undefined;
    const user = config.beforeRedirect;
    const attempt = (token: Token) => {
      const value = authorizer.value(token);
      headers.set(header, value);
      if (http) config.beforeRedirect = user ? (...args) => (hookFor(value)(...args), user(...args)) : hookFor(value);
      return send(config);
    };
    const retried = async (response: AxiosResponse, used: Token, failure?: unknown) => {
      const fresh = await authorizer.retryWith(used, response.status, response.headers?.['www-authenticate']?.toString(), { signal, replayable: isReplayable(config.data) });
      if (fresh) return attempt(fresh);
      if (failure) throw failure;
      return response;
    };
    const go = (token: Token) =>
      attempt(token).then(
        (response) => (authorizer.isFinal(response.status, false) ? response : retried(response, token)),
        (error: { response?: AxiosResponse }) => (error?.response && !authorizer.isFinal(error.response.status, false) ? retried(error.response, token, error) : Promise.reject(error)),
      );
    const token = cached ?? authorizer.token(signal);
    if (!(token instanceof Promise)) return go(token);
    // Aborted while waiting: reject as axios does for a request cancelled before it is sent.
    return token.then(go, (error: unknown) => Promise.reject(signal?.aborted ? new CanceledError(undefined, undefined, config) : error));
  };

  const adapterFor = adapterResolver(authorizer, wrap);
  const id = instance.interceptors.request.use(
    (config) => {
      if (!(config as { [TOKEN_REQUEST]?: boolean })[TOKEN_REQUEST]) config.adapter = adapterFor(config);
      return config;
    },
    undefined,
    { synchronous: true },
  );
  return () => instance.interceptors.request.eject(id);
}
