import { type Auth, type AuthorizeOptions, createAuthorizer, isReplayable, manualRedirects } from '@tok/core/adapter';
import { type AxiosError, AxiosHeaders, type AxiosInstance, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { axiosTransport, TOKEN_REQUEST } from './axiosTransport.js';
import { redirectFollower } from './followRedirects.js';

type BeforeRedirect = NonNullable<InternalAxiosRequestConfig['beforeRedirect']>;
type Config = InternalAxiosRequestConfig & { [TOKEN_REQUEST]?: boolean; [RETRIED]?: boolean };

// Marks the one retry after a 401; a string key, as older axios 1.x drop symbol keys when merging configs.
const RETRIED = 'tokRetried';

/**
 * Installs request and response interceptors on an axios instance that give requests to the
 * allowed origins a bearer token from `auth`: a grant from `clientCredentials(…)` (its token
 * requests go through this instance unless `options.source.transport` says otherwise), a shared
 * token source, or a long-lived token string. `origins` defaults to the instance's `baseURL`
 * origin. On a 401 the token the request used is invalidated and the request sent once more with a
 * fresh token (not when its body is a stream). In Node a redirect to an origin not allowed drops
 * the token, whatever the header's name. When no token can be had the request rejects with the
 * token source's error (`OAuthError`, `TransportError`, …) and is not sent.
 *
 * Returns the function that removes the interceptors.
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
  const ours = (config: Config) => (config[TOKEN_REQUEST] ? undefined : authorizer.tokenOf(headerOf(config.headers, header)));
  const follower = manualRedirects() ? redirectFollower(authorizer, fullPath) : undefined;

  // Follow-redirects (axios in Node) keeps custom headers across origins: decide each hop here.
  const userRedirectHooks = new WeakMap<BeforeRedirect, BeforeRedirect | undefined>();
  const checkRedirects = (value: string, previous: BeforeRedirect | undefined): BeforeRedirect => {
    const user = previous && userRedirectHooks.has(previous) ? userRedirectHooks.get(previous) : previous;
    const hook: BeforeRedirect = (redirect, ...details) => {
      const headers = redirect.headers as Record<string, unknown>;
      for (const name of Object.keys(headers)) if (name.toLowerCase() === header) delete headers[name];
      if (authorizer.appliesTo(String(redirect.href))) headers[header] = value;
      user?.(redirect, ...details);
    };
    userRedirectHooks.set(hook, user);
    return hook;
  };

  const request = instance.interceptors.request.use(async (config: Config) => {
    if (config[TOKEN_REQUEST]) return config;
    // URL objects as text: axios itself joins a URL-object baseURL with a path by string methods.
    if (typeof config.url === 'object' && config.url !== null) config.url = String(config.url);
    if (typeof config.baseURL === 'object' && config.baseURL !== null) config.baseURL = String(config.baseURL);
    const url = fullPath(config);
    if (!authorizer.appliesTo(url)) return config;
    // A user interceptor that ran first may have replaced the AxiosHeaders with a plain object.
    if (typeof config.headers?.set !== 'function') config.headers = AxiosHeaders.from(config.headers ?? {});
    if (config.headers.has(header) && !ours(config)) {
      authorizer.skip(url, 'own-header');
      return config;
    }
    const signal = config.signal as AbortSignal | undefined;
    try {
      const value = authorizer.value(await authorizer.getToken(signal));
      config.headers.set(header, value);
      config.beforeRedirect = checkRedirects(value, config.beforeRedirect);
      const adapter = follower?.(config);
      if (adapter) config.adapter = adapter;
    } catch (error) {
      // Aborted: axios itself rejects with its CanceledError before sending anything.
      if (!signal?.aborted) throw error;
    }
    return config;
  });

  const retried = async (config: Config | undefined, response: AxiosResponse | undefined) => {
    const used = config && !config[RETRIED] && ours(config);
    if (!used || !response) return undefined;
    const fresh = await authorizer.retryWith(used, response.status, response.headers?.['www-authenticate']?.toString(), {
      signal: config.signal as AbortSignal | undefined,
      replayable: isReplayable(config.data),
    });
    if (!fresh) return undefined;
    // An error's config may carry plain-object headers (older code, a user interceptor).
    const headers = AxiosHeaders.from(config.headers ?? {});
    headers.set(header, authorizer.value(fresh));
    return instance.request({ ...config, headers, [RETRIED]: true } as Config);
  };
  const response = instance.interceptors.response.use(
    // Only a 401 can mean a refused token (custom validateStatus lets it through here); the rest pass untouched.
    (response) => (response.status === 401 ? retried(response.config, response).then((again) => again ?? response) : response),
    async (error: AxiosError) => (await retried(error?.config, error?.response)) ?? Promise.reject(error),
  );

  return () => {
    instance.interceptors.request.eject(request);
    instance.interceptors.response.eject(response);
  };
}

const ABSOLUTE = /^([a-z][a-z\d+\-.]*:)?\/\//i;

// The URL axios will request, joined as its buildFullPath joins it. Not `getUri`: it also
// serialises `params`, which decide nothing here and cost as much as the rest of the interceptor.
// `url` and `baseURL` may be URL objects: axios turns them into text as it builds the URL.
function fullPath({ baseURL, url, allowAbsoluteUrls }: InternalAxiosRequestConfig & { allowAbsoluteUrls?: boolean }): string {
  const path = url == null ? '' : String(url);
  const base = baseURL == null ? '' : String(baseURL);
  if (!base || (ABSOLUTE.test(path) && allowAbsoluteUrls !== false)) return path;
  return path ? `${base.replace(/\/?\/$/, '')}/${path.replace(/^\/+/, '')}` : base;
}

// A header's value from AxiosHeaders or from a plain object (any case of its name).
function headerOf(headers: unknown, name: string): string | undefined {
  if (headers == null || typeof headers !== 'object') return undefined;
  if (typeof (headers as AxiosHeaders).get === 'function') return (headers as AxiosHeaders).get(name)?.toString();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name && value != null) return String(value);
  return undefined;
}
