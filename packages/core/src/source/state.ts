// The token source's life as data: one record, and every change to it in one reducer. The shell
// (tokenSource.ts) reads the record, dispatches actions, and owns the effects (timers, flights,
// events); no other code writes the record.
import type { TokError } from '../errors/TokError.js';
import { NO_REFUSAL, type RefusalPace } from '../policy/recovery.js';
import type { Token } from '../response/token.js';

/**
 * - `empty`: no token, nothing under way; the next call starts a token request.
 * - `fetching`: no usable token; callers wait for the token request under way.
 * - `valid`: a token is served from the cache.
 * - `refreshing`: a token is served while its replacement is fetched.
 * - `failing`: the last token request failed; until `blockedUntil` none starts and callers without
 *   a valid token get its error at once (a valid token, if any, is still served).
 * - `disposed`: final; every call fails.
 */
export type Status = 'empty' | 'fetching' | 'valid' | 'refreshing' | 'failing' | 'disposed';

export interface SourceState {
  readonly status: Status;
  /** The current token and the promise every cache hit returns (one allocation per token). */
  readonly token: Token | undefined;
  readonly served: Promise<Token> | undefined;
  /** When to start replacing the token, and when to stop sending it (epoch ms; Infinity: never). */
  readonly refreshAt: number;
  readonly expiresAt: number;
  /** A cache hit since the token came: only a used token is refreshed ahead of expiry. */
  used: boolean;
  /** The token request under way, shared by every caller, and what aborts it. */
  readonly flight: Promise<Token> | undefined;
  readonly abort: AbortController | undefined;
  /**
   * When a flight still under way counts as lost (epoch ms): it should have settled by then, so its
   * work was cut off (a Worker's request ended without `waitUntil`) and nobody should wait on it.
   */
  readonly flightLostAt: number;
  /** After a failure no token request starts before this (a Retry-After, or the failure hold). */
  readonly blockedUntil: number;
  readonly blockedBy: TokError | undefined;
  /** Failed token requests in a row while callers had no valid token. */
  readonly failedFlights: number;
  /** A token the API refused: the store may still hold it, and it must not come back. */
  readonly rejected: string | undefined;
  readonly refusal: RefusalPace;
}

export type Action =
  /** A token request started. */
  | { readonly type: 'flight-started'; readonly flight: Promise<Token>; readonly abort: AbortController; readonly lostAt: number }
  /** The token request brought a token (from the endpoint or the store), with its two points. */
  | { readonly type: 'token-obtained'; readonly token: Token; readonly refreshAt: number; readonly expiresAt: number }
  /**
   * The token request failed. `blockedFor`: the pause before the next (0 for none); `counts`: whether
   * it adds to the failure streak; `retryAt`: the new refresh point of a failed background refresh
   * while the valid token is served (Infinity: none before expiry), `undefined` to keep it.
   */
  | { readonly type: 'flight-failed'; readonly error: TokError; readonly now: number; readonly blockedFor: number; readonly counts: boolean; readonly retryAt: number | undefined }
  /** A cache hit. */
  | { readonly type: 'used' }
  /** `invalidate()` without a token: an explicit reset ends a pause after failures. */
  | { readonly type: 'unblocked' }
  /** The current token was dropped (refused by the API, paced by `refusal`, or dropped by the caller). */
  | { readonly type: 'invalidated'; readonly refusal: RefusalPace | undefined }
  | { readonly type: 'disposed' };

export const initialState: SourceState = {
  status: 'empty',
  token: undefined,
  served: undefined,
  refreshAt: Number.POSITIVE_INFINITY,
  expiresAt: Number.POSITIVE_INFINITY,
  used: false,
  flight: undefined,
  abort: undefined,
  flightLostAt: Number.POSITIVE_INFINITY,
  blockedUntil: 0,
  blockedBy: undefined,
  failedFlights: 0,
  rejected: undefined,
  refusal: NO_REFUSAL,
};

/** Every transition of a token source. A disposed source stays disposed. */
export function reduce(state: SourceState, action: Action): SourceState {
  if (state.status === 'disposed') return state;
  switch (action.type) {
    case 'flight-started':
      return { ...state, status: state.token ? 'refreshing' : 'fetching', flight: action.flight, abort: action.abort, flightLostAt: action.lostAt };
    case 'token-obtained': {
      const { token, refreshAt, expiresAt } = action;
      return {
        ...state,
        status: 'valid',
        token,
        served: Promise.resolve(token),
        refreshAt,
        expiresAt,
        used: false,
        flight: undefined,
        abort: undefined,
        failedFlights: 0,
        rejected: undefined,
      };
    }
    case 'flight-failed': {
      const { error, now, blockedFor, retryAt } = action;
      const blocked = blockedFor > 0 ? { blockedUntil: now + blockedFor, blockedBy: error } : {};
      // A failed background refresh moves the refresh point: the valid token is served meanwhile.
      const refreshAt = retryAt ?? state.refreshAt;
      return { ...state, ...blocked, status: 'failing', refreshAt, flight: undefined, abort: undefined, failedFlights: state.failedFlights + (action.counts ? 1 : 0) };
    }
    case 'used':
      // The one transition on the cache-hit path: in place, without allocating.
      state.used = true;
      return state;
    case 'unblocked':
      return { ...state, blockedUntil: 0 };
    case 'invalidated':
      return {
        ...state,
        status: state.flight ? 'fetching' : 'empty',
        token: undefined,
        served: undefined,
        refreshAt: Number.POSITIVE_INFINITY,
        expiresAt: Number.POSITIVE_INFINITY,
        rejected: state.token?.accessToken,
        refusal: action.refusal ?? state.refusal,
      };
    case 'disposed':
      return { ...initialState, status: 'disposed', refusal: state.refusal };
  }
}
