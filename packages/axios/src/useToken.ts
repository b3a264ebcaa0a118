import { type Auth, type AuthorizeOptions, createAuthorizer, isReplayable } from '@tok/core/adapter';
import { type AxiosAdapter, AxiosHeaders, type AxiosInstance, type AxiosResponse, CanceledError, type InternalAxiosRequestConfig } from 'axios';
import { axiosTransport, TOKEN_REQUEST } from './axiosTransport.js';
import { adapterResolver, fullPath, isAbsolute } from './followRedirects.js';

type BeforeRedirect = NonNullable<InternalAxiosRequestConfig['beforeRedirect']>;
type Token = Parameters<ReturnType<typeof createAuthorizer>['value']>[0];
// What of a request's `env` decides the adapter axios picks.
type Env = { fetch?: unknown; Request?: unknown; Response?: unknown; Blob?: unknown } | undefined;

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

  // The last token value's hook, without a map lookup (tokens change rarely).
  let hookValue: string | undefined;
  let hook: BeforeRedirect | undefined;
  // Writes `token` into the request and sends it: shared by the first attempt and the retry.
  const attempt = (send: AxiosAdapter, http: boolean, config: InternalAxiosRequestConfig, headers: AxiosHeaders, user: BeforeRedirect | undefined, token: Token) => {
    const value = authorizer.value(token);
    headers.set(header, value);
    if (http) {
      if (value !== hookValue) (hook = hookFor(value)), (hookValue = value);
      const own = hook as BeforeRedirect;
      config.beforeRedirect = user ? (...args) => (own(...args), user(...args)) : own;
    }
    return send(config);
  };
  const retried = async (
    send: AxiosAdapter,
    http: boolean,
    config: InternalAxiosRequestConfig,
    headers: AxiosHeaders,
    user: BeforeRedirect | undefined,
    response: AxiosResponse,
    used: Token,
    failure?: unknown,
  ) => {
    const fresh = await authorizer.retryWith(used, response.status, response.headers?.['www-authenticate']?.toString(), {
      signal: config.signal as AbortSignal | undefined,
      replayable: isReplayable(config.data),
    });
    if (fresh) return attempt(send, http, config, headers, user, fresh);
    if (failure) throw failure;
    return response;
  };

  // The adapter a request would use, wrapped: attach the token, then retry one refused token.
  const wrap = (adapter: AxiosAdapter, send: AxiosAdapter, http: boolean): AxiosAdapter => {
    // One attempt and its answer: only an answer that is not final (a 401 to retry) goes on.
    const go = (config: InternalAxiosRequestConfig, headers: AxiosHeaders, token: Token) => {
      const user = config.beforeRedirect;
      return attempt(send, http, config, headers, user, token).then(
        (response) => (authorizer.isFinal(response.status, false) ? response : retried(send, http, config, headers, user, response, token)),
        (error: { response?: AxiosResponse }) =>
          error?.response && !authorizer.isFinal(error.response.status, false) ? retried(send, http, config, headers, user, error.response, token, error) : Promise.reject(error),
      );
    };
    return (config) => {
      // URL objects as text: axios itself joins a URL-object baseURL with a path by string methods.
      if (typeof config.url === 'object' && config.url !== null) config.url = String(config.url);
      if (typeof config.baseURL === 'object' && config.baseURL !== null) config.baseURL = String(config.baseURL);
      const headers = config.headers instanceof AxiosHeaders ? config.headers : (config.headers = AxiosHeaders.from(config.headers ?? {}));
      const own = headers.get(header);
      // A cached token for a request that takes one, in one call; anything else is decided in full.
      // A path under the base URL is decided from the two, without joining them (see cachedToken).
      let cached: Token | undefined;
      if (own == null) {
        const { url: path, baseURL: base } = config;
        const joined = typeof base === 'string' && base !== '' && typeof path === 'string' && path !== '' && !(isAbsolute(path) && config.allowAbsoluteUrls !== false);
        cached = joined ? authorizer.cachedToken(base, path) : authorizer.cachedToken(fullPath(config));
      }
      if (cached !== undefined) return go(config, headers, cached);
      const url = fullPath(config);
      if (!authorizer.attaches(url, own?.toString())) return adapter(config);
      const signal = config.signal as AbortSignal | undefined;
      const token = authorizer.token(signal);
      if (!(token instanceof Promise)) return go(config, headers, token);
      // Aborted while waiting: reject as axios does for a request cancelled before it is sent.
      return token.then(
        (token) => go(config, headers, token),
        (error: unknown) => Promise.reject(signal?.aborted ? new CanceledError(undefined, undefined, config) : error),
      );
    };
  };

  const adapterFor = adapterResolver(authorizer, wrap);
  // The last choice, checked here without a call: axios hands each request copies of the
  // instance's adapter names and env, and each call on this cold path costs microseconds.
  let lastGiven: unknown;
  let lastEnv: Env;
  let lastAdapter: InternalAxiosRequestConfig['adapter'];
  const id = instance.interceptors.request.use(
    (config) => {
      if ((config as { [TOKEN_REQUEST]?: boolean })[TOKEN_REQUEST]) return config;
      const given = config.adapter;
      const env = config.env as Env;
      let same = lastAdapter !== undefined && Array.isArray(given) && Array.isArray(lastGiven) && given.length === lastGiven.length;
      for (let i = 0; same && i < (given as unknown[]).length; i++) same = typeof (given as unknown[])[i] === 'string' && (given as unknown[])[i] === (lastGiven as unknown[])[i];
      if (same && env?.fetch === lastEnv?.fetch && env?.Request === lastEnv?.Request && env?.Response === lastEnv?.Response && env?.Blob === lastEnv?.Blob) {
        config.adapter = lastAdapter as AxiosAdapter;
        return config;
      }
      config.adapter = adapterFor(config);
      if (Array.isArray(given)) (lastGiven = given), (lastEnv = env), (lastAdapter = config.adapter);
      return config;
    },
    undefined,
    { synchronous: true },
  );
  return () => instance.interceptors.request.eject(id);
}
