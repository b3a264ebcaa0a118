// One token request as callers see it: attempts with backoff until the caller's deadline, each
// attempt under its own timeout, all of it aborted by dispose(). The grant builds and reads the
// requests; this module only sends them and decides when to try again.
import { ErrorCode } from '../errors/codes.js';
import { TokError } from '../errors/TokError.js';
import { TransportError } from '../errors/TransportError.js';
import type { HttpRequest, TokenResponse, Transport } from '../http/types.js';
import { type RetryOptions, retryDelay } from '../policy/retry.js';
import type { Token } from '../response/token.js';
import type { GrantIo, TokenGrant } from './grant.js';
import type { Timers } from './timers.js';

/** What a flight needs from its token source: fixed for the source's life. */
export interface FlightContext {
  readonly grant: TokenGrant;
  readonly transport: Transport;
  readonly timers: Timers;
  readonly clock: () => number;
  readonly random: () => number;
  readonly jti: () => string;
  readonly parse: GrantIo['parse'];
  readonly retry: RetryOptions | undefined;
  /** Per attempt, and for all attempts together (ms). */
  readonly timeoutMs: number;
  readonly deadlineMs: number;
  /** The source's counters: token requests sent, attempts failed. */
  readonly counts: { tokenRequests: number; failures: number };
  /**
   * Set while a listener takes `token-request` events: wraps each token request to measure it.
   * The measuring code comes with the listener ({@link measureTokenRequests}), so a bundle whose
   * sources nobody instruments carries none of it.
   */
  measure?: ((request: HttpRequest, attempt: number, send: () => Promise<TokenResponse>) => Promise<TokenResponse>) | undefined;
}

/**
 * Gets a token from the grant: attempts until one succeeds, the failure is final ({@link retryDelay}),
 * or the next would end after the deadline. A failure after retries says how many and how long.
 */
export async function fly(context: FlightContext, signal: AbortSignal): Promise<Token> {
  const { grant, clock, counts } = context;
  const startedAt = clock();
  const deadline = startedAt + context.deadlineMs;
  let attempt = 0;
  const io: GrantIo = {
    // No attempt outlives the caller's deadline.
    send: (request, what) => {
      if (what === 'token request') counts.tokenRequests++;
      const sending = () => send(context, request, what, signal, Math.max(0, Math.min(context.timeoutMs, deadline - clock())));
      // Measured only while someone listens: a source nobody watches pays nothing for it.
      return what === 'token request' && context.measure ? context.measure(request, attempt + 1, sending) : sending();
    },
    now: clock,
    jti: context.jti,
    parse: context.parse,
  };
  for (; ; attempt++) {
    // dispose() may come while the flight awaits the store, before any listener is on `signal`.
    if (signal.aborted) throw disposedError();
    try {
      // Per attempt: a signed assertion is single-use, and a failed discovery is tried again.
      return await grant.requestToken(io);
    } catch (error) {
      counts.failures++;
      if (signal.aborted) throw error;
      const delay = retryDelay(error, attempt, context.retry, context.random());
      if (delay === undefined || clock() + delay >= deadline) throw attempt > 0 ? withAttempts(error, attempt + 1, clock() - startedAt) : error;
      await sleep(context.timers, delay, signal);
    }
  }
}

async function send(context: FlightContext, request: HttpRequest, what: string, flightSignal: AbortSignal, ms: number): Promise<TokenResponse> {
  const { timers } = context;
  const controller = new AbortController();
  const abort = () => controller.abort();
  flightSignal.addEventListener('abort', abort);
  let timedOut = false;
  // A caller awaits this timer (and the backoff): both keep the process alive.
  const timer = timers.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ms);
  try {
    // A transport that ignores its signal must not hang the flight: race it against the abort.
    return await Promise.race([context.transport(request, { signal: controller.signal }), rejectOnAbort(controller.signal)]);
  } catch (error) {
    if (timedOut) throw new TransportError(ErrorCode.Timeout, `${what} to ${request.url} timed out after ${seconds(ms)}`);
    if (flightSignal.aborted) throw disposedError();
    // A transport's own typed error (an answer too large to read) keeps its code: it is final.
    if (error instanceof TokError) throw error;
    throw networkError(`${what} to ${request.url} failed: `, error);
  } finally {
    timers.clearTimeout(timer);
    flightSignal.removeEventListener('abort', abort);
  }
}

/**
 * A failure that is no tok error, as `TOK_NETWORK`. Its cause is reduced to plain errors (name,
 * code, message, two levels deep): what a transport throws may hold the request it sent (a
 * client's request object, its headers, an axios config), and none of that may reach callers.
 */
export function networkError(prefix: string, error: unknown): TransportError {
  return new TransportError(ErrorCode.Network, prefix + describeCause(error), { cause: plainError(error, 0) });
}

function plainError(error: unknown, depth: number): Error {
  const { name, code, message, cause } = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const plain = new Error(typeof message === 'string' ? message : String(error), depth < 2 && cause !== undefined ? { cause: plainError(cause, depth + 1) } : undefined);
  if (typeof name === 'string') plain.name = name;
  if (typeof code === 'string') (plain as { code?: string }).code = code;
  return plain;
}

// "fetch failed" alone says nothing; Node keeps the reason (ECONNREFUSED, …) on `cause`.
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = cause && (typeof cause.code === 'string' ? cause.code : typeof cause.message === 'string' ? cause.message : undefined);
  return detail ? `${error.message} (${detail})` : error.message;
}

function sleep(timers: Timers, ms: number, signal: AbortSignal): Promise<void> {
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

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}

/** The error of every call after `dispose()`, and of a flight it aborted. */
export function disposedError(): TransportError {
  return new TransportError(ErrorCode.Disposed, 'the token source was disposed');
}

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
