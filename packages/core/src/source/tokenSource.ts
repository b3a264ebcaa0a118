import { ErrorCode } from '../errors/codes.js';
import type { HttpRequest, TokenResponse, Transport } from '../http/types.js';
import { TokError } from '../errors/TokError.js';
import { TransportError } from '../errors/TransportError.js';
import type { TokenEvent, TokenStats } from './events.js';
import { createExchange } from './exchange.js';
import type { Grant } from '../request/grant.js';
import type { TokenRequest } from '../request/request.js';
import { type ParseOptions, parseTokenResponse } from '../response/response.js';
import { rejectionPaceMs } from '../policy/recovery.js';
import { failureHoldMs, type RetryOptions, retryDelay } from '../policy/retry.js';
import { expiredAt, type RefreshPolicy, refreshAt } from '../policy/schedule.js';
import { requestSecrets, scrubError } from '../redaction/scrub.js';
import { type TokenSourceOptions, validateSourceOptions } from './options.js';
import { type TokenStore, tokenCacheKey } from './store.js';
import { runtimeTimers, type Timers } from './timers.js';
import type { Token } from '../response/token.js';

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
   * Drops `token` after the API refused it (401) and starts fetching a new one. Does nothing when
   * `token` is no longer the current one, so a burst of 401s for one token causes one refresh.
   * Without an argument, drops whatever is current.
   */
  invalidate(token?: Token | string): void;
  /** The current token, if any, without I/O and whatever its freshness. */
  peek(): Token | undefined;
  /** Calls `listener` for each {@link TokenEvent}; returns the function that unsubscribes. */
  subscribe(listener: (event: TokenEvent) => void): () => void;
  stats(): TokenStats;
  /** Clears timers, aborts a pending token request and rejects later calls. */
  dispose(): void;
}

const BACKGROUND_RETRY_MIN_MS = 1_000;
const BACKGROUND_RETRY_MAX_MS = 30_000;

/**
 * Creates a token source: one cached token shared by every caller, fetched once for any number of
 * concurrent callers, refreshed in the background before it expires, retried with backoff on
 * passing failures, and replaced when the API rejects it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 * @example
 * ```ts
 * const source = createTokenSource(grant, { transport: fetchTransport(fetch) });
 * const token = await source.getToken();
 * ```
 */
export function createTokenSource(grant: Grant, options: TokenSourceOptions): TokenSource {
  validateSourceOptions(grant, options);
  const { transport, store, policy, retry, parse } = options;
  const clock = options.clock ?? Date.now;
  const timers = options.timers ?? runtimeTimers;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadlineMs = options.deadlineMs ?? 30_000;
  const exchange = createExchange(grant, { clock, jti: options.jti ?? randomJti });
  const listeners = new Set<(event: TokenEvent) => void>();
  const counts = { tokenRequests: 0, failures: 0, cacheHits: 0, waits: 0 };

  // The current token, its promise (handed to every cache hit) and its two deadlines.
  let current: Token | undefined;
  let served: Promise<Token> | undefined;
  let refreshPoint = 0;
  let expiryPoint = 0;
  let usedSinceObtained = false;
  let refreshTimer: unknown;

  let flight: Promise<Token> | undefined;
  let flightAbort: AbortController | undefined;
  // After a failure no new flight starts before blockedUntil (a Retry-After, or the failure hold).
  let blockedUntil = 0;
  let blockedBy: unknown;
  let failedFlights = 0;
  let rejected: string | undefined;
  // Refusals by the API (invalidate(token)) that made the source fetch a new token: paced.
  const refusals = { streak: 0, at: Number.NEGATIVE_INFINITY, pace: 0 };
  let disposed = false;
  let storeKey: Promise<string> | undefined;

  const emit = (event: TokenEvent) => {
    for (const listener of listeners) {
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

  // The timer may fire early (runtimes cap delays at ~24.8 days) or after the point moved.
  function armRefreshTimer(): void {
    timers.clearTimeout(refreshTimer);
    if (refreshPoint === Number.POSITIVE_INFINITY) return;
    refreshTimer = timers.setTimeout(() => {
      if (clock() < refreshPoint) armRefreshTimer();
      // Its failure is reported by the flight itself (an event); nobody awaits this promise.
      else if (usedSinceObtained && clock() < expiryPoint) startFlight(true).catch(noop);
      // Nobody awaits this timer: it must not keep a process alive that has nothing else to do.
    }, refreshPoint - clock(), { background: true });
  }

  function adopt(token: Token, from: 'endpoint' | 'store'): Token {
    // A flight that outlived dispose() must not bring back a token or arm a timer.
    if (disposed) throw disposedError();
    current = token;
    served = Promise.resolve(token);
    expiryPoint = expiredAt(token, policy) ?? Number.POSITIVE_INFINITY;
    refreshPoint = refreshAt(token, policy, random()) ?? Number.POSITIVE_INFINITY;
    usedSinceObtained = false;
    // Refresh an active token on time even if no call comes in the window; let an idle one lapse.
    armRefreshTimer();
    const { tokenType, scope, issuedAt, expiresAt } = token;
    emit({ type: 'token-obtained', from, tokenType, scope, issuedAt, expiresAt, refreshAt: Number.isFinite(refreshPoint) ? refreshPoint : undefined });
    return token;
  }

  async function request(signal: AbortSignal): Promise<Token> {
    const startedAt = clock();
    const deadline = startedAt + deadlineMs;
    // No attempt outlives the caller's deadline.
    const timeout = () => Math.max(0, Math.min(timeoutMs, deadline - clock()));
    // Per attempt: a signed assertion is single-use, and a failed discovery is tried again.
    const io = {
      post: (tokenRequest: TokenRequest) => attemptOnce(tokenRequest, signal, timeout()),
      get: (get: HttpRequest) => send(get, signal, 'metadata request', timeout()),
    };
    for (let attempt = 0; ; attempt++) {
      // dispose() may come while the flight awaits the store, before any listener is on `signal`.
      if (signal.aborted) throw disposedError();
      try {
        return await exchange.run(io);
      } catch (error) {
        counts.failures++;
        const delay = retryDelay(error, attempt, retry, random());
        if (signal.aborted) throw error;
        if (delay === undefined || clock() + delay >= deadline) throw attempt > 0 ? withAttempts(error, attempt + 1, clock() - startedAt) : error;
        await sleep(delay, signal);
      }
    }
  }

  async function attemptOnce(tokenRequest: TokenRequest, flightSignal: AbortSignal, ms: number): Promise<Token> {
    const requestedAt = clock();
    counts.tokenRequests++;
    const response = await send(tokenRequest, flightSignal, 'token request', ms);
    const defaultLifetimeMs = parse?.defaultLifetimeMs ?? grant.defaultLifetimeMs;
    try {
      return parseTokenResponse(response, { ...parse, defaultLifetimeMs, requestedAt, receivedAt: clock() });
    } catch (error) {
      // A server may echo the request (its Basic header, its form body, an API key) in a refusal.
      throw scrubError(error, requestSecrets(tokenRequest));
    }
  }

  async function send(httpRequest: HttpRequest, flightSignal: AbortSignal, what: string, ms: number): Promise<TokenResponse> {
    const controller = new AbortController();
    const abort = () => controller.abort();
    flightSignal.addEventListener('abort', abort);
    let timedOut = false;
    // A caller awaits this timer (and the sleep below): both keep the process alive.
    const timer = timers.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, ms);
    try {
      // A transport that ignores its signal must not hang the flight: race it against the abort.
      return await Promise.race([transport(httpRequest, { signal: controller.signal }), rejectOnAbort(controller.signal)]);
    } catch (error) {
      if (timedOut) throw new TransportError(ErrorCode.Timeout, `${what} to ${httpRequest.url} timed out after ${seconds(ms)}`);
      if (flightSignal.aborted) throw disposedError();
      // The boundary: what a transport throws may hold the request it sent (a client's request
      // object, its headers, its body). Only a scrubbed copy goes on, to callers and to events.
      const secrets = requestSecrets(httpRequest);
      // A transport's own typed error (an answer too large to read) keeps its code: it is final.
      if (error instanceof TokError) throw scrubError(error, secrets);
      throw scrubError(new TransportError(ErrorCode.Network, `${what} to ${httpRequest.url} failed: ${describeCause(error)}`, { cause: error }), secrets);
    } finally {
      timers.clearTimeout(timer);
      flightSignal.removeEventListener('abort', abort);
    }
  }

  function sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = timers.setTimeout(resolve, ms);
      signal.addEventListener(
        'abort',
        () => {
          timers.clearTimeout(timer);
          reject(disposedError());
        },
        { once: true },
      );
    });
  }

  // Reuses a token that another source put in the store; otherwise asks the endpoint.
  async function obtain(signal: AbortSignal): Promise<Token> {
    if (!store) return adopt(await request(signal), 'endpoint');
    storeKey ??= tokenCacheKey(grant);
    const key = await storeKey;
    const fromStoreOrEndpoint = async () => {
      const stored = await store.get(key);
      if (stored && stored.accessToken !== rejected && clock() < (expiredAt(stored, policy) ?? Number.POSITIVE_INFINITY)) {
        const { expiresAt } = stored;
        if (expiresAt === undefined || clock() < (refreshAt(stored, policy) ?? expiresAt)) return adopt(stored, 'store');
      }
      const token = await request(signal);
      await store.set(key, token);
      return adopt(token, 'endpoint');
    };
    return store.lock ? store.lock(key, fromStoreOrEndpoint) : fromStoreOrEndpoint();
  }

  function startFlight(background: boolean): Promise<Token> {
    if (flight) return flight;
    if (clock() < blockedUntil) return Promise.reject(blockedBy);
    const controller = new AbortController();
    const started = obtain(controller.signal).then(
      (token) => {
        rejected = undefined;
        failedFlights = 0;
        return token;
      },
      (error: unknown) => {
        const failure = error instanceof TokError ? error : new TransportError(ErrorCode.Network, describeCause(error), { cause: error });
        const retryAfter = (failure as { retryAfterMs?: number }).retryAfterMs;
        // Callers without a valid token would otherwise start the next flight at once: steady
        // traffic, not only a burst, must not hammer a failing endpoint. A background refresh
        // keeps its own, gentler schedule below.
        const hold = background && current ? 0 : failureHoldMs(++failedFlights, retry);
        // Retry-After is capped where it is read (MAX_RETRY_AFTER_MS): one answer cannot stop the source for long.
        const blockedFor = Math.max(retryAfter ?? 0, hold);
        if (blockedFor > 0) {
          blockedUntil = clock() + blockedFor;
          blockedBy = failure;
        }
        if (background && current) {
          // Keep serving the valid token; try again later, sooner as expiry nears.
          const wait = Math.min(BACKGROUND_RETRY_MAX_MS, Math.max(BACKGROUND_RETRY_MIN_MS, (expiryPoint - clock()) / 4));
          const next = clock() + Math.max(wait, retryAfter ?? 0);
          refreshPoint = Math.min(expiryPoint, next);
          // Past expiry callers wait in the foreground; no background retries then.
          if (next < expiryPoint) armRefreshTimer();
        }
        if (!disposed) emit({ type: 'refresh-failed', error: failure, background: background && current !== undefined });
        throw failure;
      },
    );
    flight = started;
    flightAbort = controller;
    const settle = () => {
      if (flight === started) flight = flightAbort = undefined;
    };
    started.then(settle, settle);
    return started;
  }

  function wait(signal: AbortSignal | undefined): Promise<Token> {
    // A caller who has already given up starts nothing (and leaves no rejection unhandled).
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    // Held back after a failure: the caller gets that failure at once, and waited for nothing.
    if (!flight && clock() < blockedUntil) return Promise.reject(blockedBy);
    counts.waits++;
    const shared = startFlight(false);
    if (!signal) return shared;
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(abortedError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  // A refusal of the current token by the API may fetch a new one unless the previous one did so
  // within its pace: an API that refuses every token must not cost a token request per call.
  function paceRefusal(): boolean {
    const now = clock();
    if (now < refusals.at + refusals.pace) return false;
    refusals.streak = now < refusals.at + 2 * refusals.pace ? refusals.streak + 1 : 1;
    refusals.pace = rejectionPaceMs(refusals.streak);
    refusals.at = now;
    return true;
  }

  return {
    // An issuer grant's endpoint is known once discovered.
    get tokenUrl() {
      return exchange.tokenUrl;
    },
    getToken(getOptions) {
      if (disposed) return Promise.reject(disposedError());
      if (served) {
        const now = clock();
        if (now < expiryPoint) {
          counts.cacheHits++;
          usedSinceObtained = true;
          if (now >= refreshPoint && !flight) startFlight(true).catch(noop);
          return served;
        }
      }
      return wait(getOptions?.signal);
    },
    invalidate(token) {
      if (disposed) return;
      // An explicit reset also ends a pause after failures or a Retry-After.
      if (token === undefined) blockedUntil = 0;
      const accessToken = typeof token === 'string' ? token : token?.accessToken;
      if (!current || (accessToken !== undefined && accessToken !== current.accessToken)) return;
      if (accessToken !== undefined && !paceRefusal()) return;
      rejected = current.accessToken;
      current = served = undefined;
      timers.clearTimeout(refreshTimer);
      // A refresh already under way brings the replacement; otherwise fetch one now.
      if (!flight) startFlight(false).catch(noop);
    },
    peek: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stats: () => ({ ...counts }),
    dispose() {
      disposed = true;
      timers.clearTimeout(refreshTimer);
      flightAbort?.abort();
      listeners.clear();
      current = served = undefined;
    },
  };
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}

function disposedError(): TransportError {
  return new TransportError(ErrorCode.Disposed, 'the token source was disposed');
}

function abortedError(signal: AbortSignal): TransportError {
  return new TransportError(ErrorCode.Aborted, "getToken() was aborted by the caller's signal", { cause: signal.reason });
}

// "fetch failed" alone says nothing; Node keeps the reason (ECONNREFUSED, …) on `cause`.
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = cause && (typeof cause.code === 'string' ? cause.code : typeof cause.message === 'string' ? cause.message : undefined);
  return detail ? `${error.message} (${detail})` : error.message;
}

function noop(): void {}

// "10 s", "30.3 s": how long something took, for a message.
function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

// A failure after retries says how many attempts it took and how long, so that "timed out after
// 10 s" is not read as the whole wait. Only tok's own errors are reworded.
function withAttempts(error: unknown, attempts: number, ms: number): unknown {
  if (!(error instanceof TokError)) return error;
  const note = ` (${attempts} attempts over ${seconds(ms)})`;
  if (error.stack) error.stack = error.stack.replace(error.message, error.message + note);
  error.message += note;
  return error;
}

// 128 bits, base64url: unique enough for a jti (RFC 7523 §3), and available in every runtime.
function randomJti(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
