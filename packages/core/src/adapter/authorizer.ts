import type { Transport } from '../http/types.js';
import { type Auth, toTokenSource } from '../source/auth.js';
import { ConfigError } from '../errors/ConfigError.js';
import { isGrant } from '../request/grant.js';
import { type Origins, originFilter } from './origins.js';
import { type RetryOn401, shouldRenewToken } from '../policy/recovery.js';
import type { Token } from '../response/token.js';
import type { TokenSource } from '../source/tokenSource.js';
import type { TokenSourceOptions } from '../source/options.js';
import { describe, requireHeaderName, requireOneOf } from '../request/validate.js';
import { manualRedirects, REDIRECT_STATUSES } from './redirects.js';

/** Options every adapter takes. */
export interface AuthorizeOptions {
  /** Origins that receive the token, or `'*'`. Required unless the client has a base URL. */
  origins?: Origins | undefined;
  /** Header that carries the token. Default `authorization`. */
  header?: string | undefined;
  /** Written before the token. Default `Bearer`; `''` sends the bare token (e.g. `x-api-key`). */
  scheme?: string | undefined;
  /** Which 401s invalidate the token and retry the request once. Default `'any'`. */
  retryOn401?: RetryOn401 | undefined;
  /** Options of the token source created for a grant; `transport` replaces the adapter's. */
  source?: Partial<TokenSourceOptions> | undefined;
  /**
   * Called for each request (and redirect hop) that goes out without a token, with the origin it
   * went to and why: to find out why an API gets no token. Not called when unset (no cost then).
   * It receives the origin only, never the path or query, which may hold data.
   */
  onSkip?: ((skip: SkippedRequest) => void) | undefined;
}

/**
 * Why a request went out without a token: its origin is not in `origins`, it goes to the token
 * endpoint, or its caller set the token's header on it.
 */
export type SkipReason = 'origin' | 'token-endpoint' | 'own-header';

/**
 * What {@link AuthorizeOptions.onSkip} receives: the origin a request without a token went to, and
 * {@link SkipReason | why}.
 *
 * @example
 * ```ts
 * withToken(fetch, grant, { origins: ['https://api.example.com'], onSkip: ({ origin, reason }) => console.debug(`no token for ${origin}: ${reason}`) });
 * ```
 */
export interface SkippedRequest {
  /** The request's origin (`https://cdn.example.com`), or `'null'` for a URL without one. */
  readonly origin: string;
  readonly reason: SkipReason;
}

/** What the adapter's HTTP client brings to {@link createAuthorizer}. */
export interface AuthorizerClient {
  /** Sends token requests when `auth` is a grant (unless `options.source.transport` is given). */
  transport: Transport;
  /** The client's base URL (axios `baseURL`): its origin is the default of `origins`. */
  baseUrl?: string | undefined;
  /**
   * The base URL is only known per request (ky hooks see `prefixUrl` then): a missing `origins`
   * is reported by {@link Authorizer.appliesTo} for a request without a base URL, not up front.
   */
  baseUrlPerRequest?: boolean | undefined;
}

/** What an adapter needs to decide, per request, whether and how to attach a token. */
export interface Authorizer {
  readonly source: TokenSource;
  /** Lower-case header name. */
  readonly header: string;
  /**
   * Whether a request to `url` may carry the token: an allowed origin, and not the token endpoint.
   * A relative `url` is resolved against the page where there is one. `baseUrl` is the request's
   * base URL for clients that only know it per request.
   */
  appliesTo(url: string, baseUrl?: string): boolean;
  /**
   * Tells `onSkip` that a request to `url` goes out without a token for `reason` (adapters report
   * `'own-header'`; {@link Authorizer.appliesTo} reports the others). Does nothing without `onSkip`.
   */
  skip(url: string, reason: SkipReason): void;
  /** The header value for a token. */
  value(token: Token): string;
  /** The token whose header value this is, if this authorizer wrote it: tells tok's header from the caller's. */
  tokenOf(value: string | null | undefined): Token | undefined;
  /**
   * Whether a request to `url` goes out with a token: {@link Authorizer.appliesTo}, and its caller
   * did not set the header (`own` is the value the request carries; one tok wrote, on a retry, does
   * not count). Reports `onSkip` when not. The one decision every adapter makes per request.
   */
  attaches(url: string, own: string | null | undefined, baseUrl?: string): boolean;
  /**
   * The hot path in one call, for a request to an absolute `url` that carries no header of its
   * own: the cached token, when the request goes out with one ({@link Authorizer.attaches}).
   * `undefined` means: decide with `attaches` and `token` (which report a skip). Each step an
   * adapter takes per request costs microseconds here, run cold between network events.
   *
   * With `path`, `url` is a base URL and the request goes to their join as axios joins them (the
   * base without its trailing slashes, `/`, the path without its leading slashes), decided without
   * building that URL: a string built per request costs more here than the whole check.
   */
  cachedToken(url: string, path?: string): Token | undefined;
  /** A token, as `source.getToken`; when `signal` aborts the wait, rejects with `signal.reason` as `fetch` does. */
  getToken(signal?: AbortSignal | null): Promise<Token>;
  /**
   * A token as {@link Authorizer.getToken}, but the cached one synchronously (no `await` on the hot
   * path): a `Promise` only while a token is being fetched.
   */
  token(signal?: AbortSignal | null): Token | Promise<Token>;
  /**
   * Whether tok follows redirects itself for a request whose redirect mode is `redirect` (default
   * `'follow'`): outside browsers, so that a hop to another origin never carries the token.
   */
  follows(redirect?: string | null): boolean;
  /**
   * Whether an answer with `status` is final for a request that carried a token: not a 401 that
   * may be retried, nor (when tok `follow`s) a redirect. Only a non-final answer takes the slow path.
   */
  isFinal(status: number, follow: boolean): boolean;
  /** Whether a response means: invalidate that token and retry once. */
  shouldRetry(status: number, wwwAuthenticate: string | null | undefined): boolean;
  /**
   * After a request that carried `used` got `status`: when the API refused the token, invalidates
   * exactly that token and resolves to a different, fresh token to retry with once. Resolves
   * `undefined` when the request is not to be retried: the answer is no refusal, the body cannot
   * be sent again (`replayable: false`), or the source has no other token (a static one).
   */
  retryWith(used: Token, status: number, wwwAuthenticate: string | null | undefined, options?: { signal?: AbortSignal | null | undefined; replayable?: boolean }): Promise<Token | undefined>;
}

/**
 * Resolves an {@link Auth} and the common adapter options into an {@link Authorizer}. Adapters
 * pass their client's transport and base URL; everything else is decided here, once.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 * @example
 * ```ts
 * const authorizer = createAuthorizer(auth, options, { transport: fetchTransport(fetch) });
 * if (authorizer.appliesTo(url)) headers.set(authorizer.header, authorizer.value(await authorizer.getToken(signal)));
 * ```
 */
export function createAuthorizer(auth: Auth, options: AuthorizeOptions = {}, client: AuthorizerClient): Authorizer {
  // Every option is checked before anything is made: a mistake is a ConfigError now, not a failed request later.
  checkOptions(auth, options);
  const header = requireHeaderName('header', options.header ?? 'authorization').toLowerCase();
  const scheme = options.scheme ?? 'Bearer';
  if (scheme !== '') requireHeaderName('scheme', scheme, "an auth scheme such as 'Bearer', or '' for the bare token");
  const mode = requireOneOf('retryOn401', options.retryOn401 ?? 'any', RETRY_ON_401);
  const source = toTokenSource(auth, { ...options.source, transport: options.source?.transport ?? client.transport });
  const tokenUrl = typeof auth === 'object' && 'tokenUrl' in auth ? auth.tokenUrl : source.tokenUrl;

  // One filter per base URL, keyed by its text so that a request parses no URL; without
  // per-request base URLs the only one is built (and checked) now.
  const filters = new Map<string | undefined, (url: string) => boolean>();
  const filterFor = (baseUrl: string | undefined) => {
    const key = options.origins === undefined ? baseUrl : undefined;
    let filter = filters.get(key);
    if (!filter) filters.set(key, (filter = originFilter(options.origins, originOf(key))));
    return filter;
  };
  const fixed = options.origins !== undefined || !client.baseUrlPerRequest ? filterFor(client.baseUrl) : undefined;

  // Header values written, newest last: a few suffice, tokens change rarely.
  const written = new Map<string, Token>();
  let lastToken: Token | undefined;
  let lastValue = '';
  // Without a signal (most requests) a cache hit is the source's own promise: nothing to allocate.
  const getToken = (signal?: AbortSignal | null) =>
    signal
      ? source.getToken({ signal }).catch((error: unknown) => {
          throw signal.aborted ? signal.reason : error;
        })
      : source.getToken();
  // A source of one's own may lack current(): the promise of the last token it handed out, and its
  // value. Sources answer cache hits with one promise, so meeting it again gives the token at once.
  let known: Promise<Token> | undefined;
  let knownToken: Token | undefined;
  const token = (signal?: AbortSignal | null): Token | Promise<Token> => {
    const cached = source.current?.();
    if (cached) return cached;
    const promise = signal ? source.getToken({ signal }) : source.getToken();
    if (promise === known) return knownToken as Token;
    return promise.then(
      (value) => {
        known = promise;
        knownToken = value;
        return value;
      },
      (error: unknown) => {
        throw signal?.aborted ? signal.reason : error;
      },
    );
  };
  const manual = manualRedirects();
  const shouldRetry = (status: number, wwwAuthenticate: string | null | undefined) => shouldRenewToken(status, wwwAuthenticate, mode);
  // An issuer grant's token endpoint is known once the source has discovered it: one matcher per endpoint.
  let endpoint = { url: tokenUrl, last: lastSegment(tokenUrl), matches: endpointMatcher(tokenUrl) };
  const currentEndpoint = () => {
    const current = tokenUrl ?? source.tokenUrl;
    if (current !== endpoint.url) endpoint = { url: current, last: lastSegment(current), matches: endpointMatcher(current) };
    return endpoint;
  };
  const isEndpoint = (url: string) => currentEndpoint().matches(url);
  // The last base URL cachedToken(base, path) saw, and whether its joins may carry the token.
  let joinBase: string | undefined;
  let joinAllowed = false;

  // Only with a hook is a skipped URL parsed for its origin: without one, skipping costs nothing.
  const { onSkip } = options;
  if (onSkip !== undefined && typeof onSkip !== 'function') throw new ConfigError('onSkip', `expected a function, got ${typeof onSkip}`);
  const skip = (url: string, reason: SkipReason) => {
    if (!onSkip) return;
    const absolute = resolve(url);
    onSkip({ origin: URL.canParse(absolute) ? new URL(absolute).origin : 'null', reason });
  };

  const value = (token: Token): string => {
    // The same token as last time (nearly every request): its value, without building and hashing it again.
    if (token === lastToken) return lastValue;
    const text = scheme ? `${scheme} ${token.accessToken}` : token.accessToken;
    if (!written.has(text)) {
      written.set(text, token);
      if (written.size > 8) written.delete(written.keys().next().value as string);
    }
    lastToken = token;
    lastValue = text;
    return text;
  };

  const appliesTo = (url: string, baseUrl = client.baseUrl) => {
    const absolute = resolve(url);
    const filter = fixed !== undefined && (options.origins !== undefined || baseUrl === client.baseUrl) ? fixed : filterFor(baseUrl);
    const reason = !filter(absolute) ? 'origin' : isEndpoint(absolute) ? 'token-endpoint' : undefined;
    if (reason === undefined) return true;
    skip(absolute, reason);
    return false;
  };

  return {
    source,
    header,
    appliesTo,
    skip,
    attaches(url, own, baseUrl) {
      if (!appliesTo(url, baseUrl)) return false;
      if (own == null || written.has(own)) return true;
      skip(url, 'own-header');
      return false;
    },
    value,
    cachedToken(url, path) {
      // An absolute URL needs no resolving: the origin filter and the endpoint check, as in appliesTo.
      if (fixed === undefined || !isAbsoluteHttp(url)) return undefined;
      if (path === undefined) return fixed(url) && !isEndpoint(url) ? source.current?.() : undefined;
      // A base and a path: the join starts with the base and a slash, so the base decides the origin
      // (once per base); the endpoint's last segment, which holds no slash, would lie within one of them.
      if (url !== joinBase) {
        let end = url.length;
        while (end > 0 && url.charCodeAt(end - 1) === 47) end--;
        joinBase = url;
        joinAllowed = fixed(`${url.slice(0, end)}/`);
      }
      const { url: endpointUrl, last } = currentEndpoint();
      return joinAllowed && (endpointUrl === undefined || (last !== '' && !url.includes(last) && !path.includes(last))) ? source.current?.() : undefined;
    },
    tokenOf: (value) => (value == null ? undefined : written.get(value)),
    getToken,
    token,
    follows: (redirect) => manual && (redirect ?? 'follow') === 'follow',
    isFinal: (status, follow) => (status !== 401 || mode === 'never') && !(follow && REDIRECT_STATUSES.has(status)),
    shouldRetry,
    async retryWith(used, status, wwwAuthenticate, { signal, replayable = true } = {}) {
      if (!shouldRetry(status, wwwAuthenticate)) return undefined;
      source.invalidate(used);
      if (!replayable) return undefined;
      const fresh = await getToken(signal);
      return fresh.accessToken === used.accessToken ? undefined : fresh;
    },
  };
}

// The page's address in a browser: relative URLs (fetch('/api/items'), baseURL '/api') resolve against it.
const page = (): string | undefined => (globalThis as { location?: { href?: string } }).location?.href;

function resolve(url: string): string {
  // Absolute URLs (nearly all) need no parsing here: the origin filter has a fast path for them.
  if (isAbsoluteHttp(url)) return url;
  const base = page();
  return base !== undefined && !URL.canParse(url) && URL.canParse(url, base) ? new URL(url, base).href : url;
}

// `^https?://` in any case, without a regular expression: those cost microseconds on this
// per-request path, which runs cold between network events.
function isAbsoluteHttp(url: string): boolean {
  const head = url.slice(0, 8).toLowerCase();
  return head.startsWith('http://') || head === 'https://';
}

function originOf(baseUrl: string | undefined): string | undefined {
  const absolute = baseUrl && resolve(baseUrl);
  return absolute && URL.canParse(absolute) ? new URL(absolute).origin : undefined;
}

// The token never goes to the token endpoint, even when it shares the API's origin.
function endpointMatcher(tokenUrl: string | undefined): (url: string) => boolean {
  if (tokenUrl === undefined) return () => false;
  // A URL whose text lacks the endpoint's last path segment cannot have its path (dot segments and
  // backslashes do not change a last segment): most requests are decided without parsing.
  const last = lastSegment(tokenUrl);
  return (url) => {
    if ((last !== '' && !url.includes(last)) || !URL.canParse(url)) return false;
    const target = new URL(url);
    const endpoint = new URL(tokenUrl, page() ?? target);
    return target.origin === endpoint.origin && target.pathname === endpoint.pathname;
  };
}

// The last segment of a URL's path (no slash in it), '' for none.
function lastSegment(url: string | undefined): string {
  if (url === undefined) return '';
  const pathEnd = url.search(/[?#]|$/);
  return url.slice(url.lastIndexOf('/', pathEnd - 1) + 1, pathEnd);
}

const RETRY_ON_401: readonly RetryOn401[] = ['any', 'invalid_token', 'never'];

// Wrong kinds of object where adapter options are expected; the rest is checked where it is used.
function checkOptions(auth: Auth, options: AuthorizeOptions): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new ConfigError('options', `expected an object, got ${describe(options)}`);
  const { source } = options as { source?: unknown };
  if (source === undefined) return;
  if (typeof source !== 'object' || source === null) throw new ConfigError('source', `expected options of a token source, such as { timeoutMs: 5_000 }; got ${describe(source)}`);
  if ('getToken' in source || isGrant(source)) {
    throw new ConfigError('source', `takes options for the token source tok makes from a grant (timeoutMs, retry, store, …); got a ${'getToken' in source ? 'token source' : 'grant'}: pass it as auth instead`);
  }
  if ((typeof auth === 'string' || typeof (auth as Partial<TokenSource>).getToken === 'function') && Object.keys(source).length > 0) {
    throw new ConfigError('source', `applies only when auth is a grant; auth here is a ${typeof auth === 'string' ? 'token string' : 'token source'}, whose options are set where it is created`);
  }
}
