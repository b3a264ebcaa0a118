import { ErrorCode } from '../errors/codes.js';
import { ConfigError } from '../errors/ConfigError.js';
import { isEndpointError } from '../errors/EndpointError.js';
import { isTokError, TokError } from '../errors/TokError.js';
import { TransportError } from '../errors/TransportError.js';
import { nextRefusal } from '../policy/recovery.js';
import { holdAfterFailure } from '../policy/retry.js';
import { backgroundRetryAt, expiredAt, freshness, refreshAt } from '../policy/schedule.js';
import type { Grant } from '../request/grant.js';
import type { Token } from '../response/token.js';
import type { TokenEvent, TokenStats } from './events.js';
import { disposedError, type FlightContext, fly, networkError } from './flight.js';
import type { TokenGrant } from './grant.js';
import type { TokenRequestMeasure } from './measure.js';
import { type TokenSourceOptions, validateSourceOptions } from './options.js';
import { type Action, initialState, reduce } from './state.js';
import { runtimeTimers } from './timers.js';

/** Options of {@link TokenSource.getToken}. */
export interface GetTokenOptions {
  /** Ends this caller's wait; a token request others wait on goes on. */
  signal?: AbortSignal | undefined;
}

/** One token for many callers. See {@link createTokenSource}. */
export interface TokenSource {
  /** The token endpoint, so that adapters never send the token there; `undefined` for a fixed token. */
  readonly tokenUrl: string | undefined;
  /** A valid token: from the cache when fresh (no I/O), else from the one shared token request. */
  getToken(options?: GetTokenOptions): Promise<Token>;
  /**
   * The cached token when it may be sent now, else `undefined`: `getToken()`'s cache hit without a
   * promise (it counts as a cache hit and starts the refresh ahead of expiry the same way). Adapters
   * call it first and await `getToken()` only when it gives nothing, so a request with a cached
   * token never waits for a microtask. Optional for sources of your own: call it as `current?.()`.
   */
  current?(): Token | undefined;
  /**
   * Drops `token` after the API refused it (401) and starts fetching a new one. Does nothing when
   * `token` is no longer the current one, so a burst of 401s for one token causes one refresh.
   * Without an argument, drops whatever is current.
   */
  invalidate(token?: Token | string): void;
  /** The current token, if any, without I/O and whatever its freshness. */
  peek(): Token | undefined;
  /**
   * Calls `listener` for each {@link TokenEvent}; returns the function that unsubscribes. With
   * `tokenRequests: measureTokenRequests` (from `@tok/core/adapter`) also for each token request
   * sent (`'token-request'`), measured only while such a listener exists (`@tok/opentelemetry`
   * uses it).
   */
  subscribe(listener: (event: TokenEvent) => void, options?: { tokenRequests?: TokenRequestMeasure | undefined }): () => void;
  stats(): TokenStats;
  /** Clears timers, aborts a pending token request and rejects later calls. */
  dispose(): void;
}

// The one action of the cache-hit path, allocated once.
const USED: Action = { type: 'used' };
const NEVER = Number.POSITIVE_INFINITY;

/**
 * Creates a token source: one cached token shared by every caller, fetched once for any number of
 * concurrent callers, refreshed in the background before it expires, retried with backoff on
 * passing failures, and replaced when the API rejects it. Its life is a small state machine
 * (empty, fetching, valid, refreshing, failing, disposed); the grant makes each token request.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 * @see {@link TokenGrant}, what it needs of a grant
 * @example
 * ```ts
 * const source = createTokenSource(grant, { transport: fetchTransport(fetch) });
 * const token = await source.getToken();
 * ```
 */
export function createTokenSource(grant: Grant | TokenGrant, options: TokenSourceOptions): TokenSource {
  // A Grant is a TokenGrant; the union keeps a spread grant with extra fields acceptable.
  const tokenGrant: TokenGrant = grant;
  validateSourceOptions(tokenGrant, options);
  const { store, policy, retry } = options;
  const clock = options.clock ?? Date.now;
  const timers = options.timers ?? runtimeTimers;
  const random = options.random ?? Math.random;
  const listeners = new Set<(event: TokenEvent) => void>();
  // Those that also take 'token-request' events: while it is empty, no token request is measured.
  const requestListeners = new Set<(event: TokenEvent) => void>();
  const counts = { tokenRequests: 0, failures: 0, cacheHits: 0, waits: 0 };
  const context: FlightContext = {
    grant: tokenGrant,
    transport: options.transport,
    timers,
    clock,
    random,
    jti: options.jti ?? randomJti,
    parse: options.parse,
    retry,
    timeoutMs: options.timeoutMs ?? 10_000,
    deadlineMs: options.deadlineMs ?? 30_000,
    counts,
  };
  let state = initialState;
  let refreshTimer: unknown;
  let armedFor = NEVER;
  let storeKey: Promise<string> | undefined;

  // Every change of state goes through here; the refresh timer follows the refresh point.
  function dispatch(action: Action): void {
    state = reduce(state, action);
    const at = state.token ? state.refreshAt : NEVER;
    if (at !== armedFor || action.type === 'token-obtained') arm(at);
  }

  // Refresh an active token on time even if no call comes in the window; let an idle one lapse.
  function arm(at: number): void {
    timers.clearTimeout(refreshTimer);
    armedFor = at;
    if (at === NEVER) return;
    // Nobody awaits this timer: it must not keep a process alive that has nothing else to do.
    refreshTimer = timers.setTimeout(onRefreshTimer, at - clock(), { background: true });
  }

  // The timer may fire early (runtimes cap delays at ~24.8 days) or after the point moved.
  function onRefreshTimer(): void {
    if (clock() < state.refreshAt) arm(state.refreshAt);
    // Its failure is reported by the flight itself (an event); nobody awaits this promise.
    else if (state.used && clock() < state.expiresAt) startFlight(true).catch(noop);
  }

  const emit = (event: TokenEvent) => {
    for (const listener of event.type === 'token-request' ? requestListeners : listeners) {
      try {
        listener(event);
      } catch (error) {
        // A broken listener must not fail the callers waiting for this token; like EventTarget,
        // report its error on its own instead of swallowing it.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };

  // Reuses a token that another source put in the store; otherwise asks the endpoint. The store
  // only ever helps: when it fails, the source goes on as if it had none and says so in an event.
  async function obtain(signal: AbortSignal): Promise<[Token, 'endpoint' | 'store']> {
    if (!store) return [await fly(context, signal), 'endpoint'];
    storeKey ??= (tokenGrant as Required<TokenGrant>).cacheKey();
    const key = await storeKey;
    const adopt = async (): Promise<Token | undefined> => {
      const stored = await tryStore('get', () => store.get(key));
      return stored && stored.accessToken !== state.rejected && freshness(stored, clock(), policy) === 'fresh' ? stored : undefined;
    };
    const fromStoreOrEndpoint = async (): Promise<[Token, 'endpoint' | 'store']> => {
      const stored = await adopt();
      if (stored) return [stored, 'store'];
      const token = await fly(context, signal);
      await tryStore('set', () => store.set(key, token));
      return [token, 'endpoint'];
    };
    if (!store.lock) return fromStoreOrEndpoint();
    // A token already in the store costs one read, not a turn at the lock (which a holder that
    // died after storing its token may keep for a while).
    const stored = await adopt();
    if (stored) return [stored, 'store'];
    let ran = false;
    try {
      return await store.lock(key, () => ((ran = true), fromStoreOrEndpoint()), { signal });
    } catch (error) {
      // What failed inside the lock goes on as it is; the lock's own failure only costs the sharing.
      if (ran) throw error;
      report('lock', error);
    }
    return fromStoreOrEndpoint();
  }

  // A store call that may fail: its failure is an event, and the answer is "nothing stored".
  async function tryStore<T>(operation: 'get' | 'set', call: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      report(operation, error);
      return undefined;
    }
  }

  function report(operation: 'get' | 'set' | 'lock', error: unknown): void {
    if (state.status !== 'disposed') emit({ type: 'store-failed', operation, error: storeError(operation, error) });
  }

  // The flight under way, unless it is lost: past twice its deadline it should long have settled,
  // so its work was cut off (on a Worker, a request that ended without waitUntil takes its I/O and
  // timers with it). Waiting on it would be waiting forever; the next call starts afresh instead.
  function flying(): Promise<Token> | undefined {
    return state.flight && clock() < state.flightLostAt ? state.flight : undefined;
  }

  function startFlight(background: boolean): Promise<Token> {
    const running = flying();
    if (running) return running;
    if (clock() < state.blockedUntil) return Promise.reject(state.blockedBy);
    const abort = new AbortController();
    const flight = obtain(abort.signal).then(
      ([token, from]) => {
        // A flight that outlived dispose() must not bring back a token or arm a timer.
        if (state.status === 'disposed') throw disposedError();
        // Nor one that was given up as lost: a newer flight owns the state.
        if (state.flight !== flight) return token;
        const refreshPoint = refreshAt(token, policy, random()) ?? NEVER;
        dispatch({ type: 'token-obtained', token, refreshAt: refreshPoint, expiresAt: expiredAt(token, policy) ?? NEVER });
        const { tokenType, scope, issuedAt, expiresAt } = token;
        emit({ type: 'token-obtained', from, tokenType, scope, issuedAt, expiresAt, refreshAt: refreshPoint === NEVER ? undefined : refreshPoint });
        return token;
      },
      (error: unknown) => {
        const failure = isTokError(error) ? error : networkError('', error);
        if (state.flight !== flight && state.status !== 'disposed') throw failure;
        const retryAfter = isEndpointError(failure) ? failure.retryAfterMs : undefined;
        // A failed refresh while a valid token is served keeps serving it and tries again on its
        // own schedule; callers without one are held back (steady traffic, not only a burst, must
        // not hammer a failing endpoint).
        const served = background && state.token !== undefined;
        const now = clock();
        dispatch({
          type: 'flight-failed',
          error: failure,
          now,
          counts: !served,
          blockedFor: holdAfterFailure(state.failedFlights + 1, retryAfter, served, retry),
          retryAt: served ? (backgroundRetryAt(now, state.expiresAt, retryAfter) ?? NEVER) : undefined,
        });
        if (state.status !== 'disposed') emit({ type: 'refresh-failed', error: failure, background: served });
        throw failure;
      },
    );
    dispatch({ type: 'flight-started', flight, abort, lostAt: clock() + 2 * context.deadlineMs });
    // Nobody awaits a background refresh: on serverless, the invocation must outlive it.
    if (background) options.waitUntil?.(flight.then(noop, noop));
    return flight;
  }

  function wait(signal: AbortSignal | undefined): Promise<Token> {
    // A caller who has already given up starts nothing (and leaves no rejection unhandled).
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    // Held back after a failure: the caller gets that failure at once, and waited for nothing.
    if (!flying() && clock() < state.blockedUntil) return Promise.reject(state.blockedBy);
    counts.waits++;
    const shared = startFlight(false);
    if (!signal) return shared;
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(abortedError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  // The cache hit: the token while it may be sent, starting its refresh once due.
  function hit(): Token | undefined {
    const { token } = state;
    if (token === undefined) return undefined;
    const now = clock();
    if (now >= state.expiresAt) return undefined;
    counts.cacheHits++;
    if (!state.used) dispatch(USED);
    if (now >= state.refreshAt && !flying()) startFlight(true).catch(noop);
    return token;
  }

  return {
    // An issuer grant's endpoint is known once discovered.
    get tokenUrl() {
      return tokenGrant.tokenUrl;
    },
    getToken(getOptions) {
      if (state.status === 'disposed') return Promise.reject(disposedError());
      // The same resolved promise for every hit: no allocation.
      return hit() ? (state.served as Promise<Token>) : wait(getOptions?.signal);
    },
    current: hit,
    invalidate(token) {
      if (state.status === 'disposed') return;
      // An explicit reset also ends a pause after failures or a Retry-After.
      if (token === undefined) dispatch({ type: 'unblocked' });
      const current = state.token;
      const accessToken = typeof token === 'string' ? token : token?.accessToken;
      if (!current || (accessToken !== undefined && accessToken !== current.accessToken)) return;
      // A refusal by the API fetches a new token unless the previous one did so within its pace:
      // an API that refuses every token must not cost a token request per call.
      const refusal = accessToken === undefined ? undefined : nextRefusal(state.refusal, clock());
      if (accessToken !== undefined && !refusal) return;
      dispatch({ type: 'invalidated', refusal });
      // A refresh already under way brings the replacement; otherwise fetch one now.
      if (!flying()) startFlight(false).catch(noop);
    },
    peek: () => state.token,
    subscribe(listener, subscribeOptions) {
      listeners.add(listener);
      const measure = subscribeOptions?.tokenRequests;
      if (measure !== undefined && typeof measure !== 'function') throw new ConfigError('tokenRequests', "expected measureTokenRequests from '@tok/core/adapter'");
      if (measure) {
        requestListeners.add(listener);
        context.measure = (request, attempt, send) => measure({ grant: tokenGrant, clock, emit }, request, attempt, send);
      }
      return () => {
        if (requestListeners.delete(listener) && requestListeners.size === 0) context.measure = undefined;
        return listeners.delete(listener);
      };
    },
    stats: () => ({ ...counts }),
    dispose() {
      const { abort } = state;
      dispatch({ type: 'disposed' });
      abort?.abort();
      listeners.clear();
      requestListeners.clear();
      context.measure = undefined;
    },
  };
}

function storeError(operation: string, error: unknown): TokError {
  return new TokError(ErrorCode.Store, `token store ${operation}() failed: ${(error as Error)?.message ?? String(error)}; the source went on without the store`, {
    cause: networkError('', error).cause,
  });
}

function abortedError(signal: AbortSignal): TransportError {
  return new TransportError(ErrorCode.Aborted, "getToken() was aborted by the caller's signal", { cause: signal.reason });
}

function noop(): void {}

// 128 bits, base64url: unique enough for a jti (RFC 7523 §3), and available in every runtime.
function randomJti(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
