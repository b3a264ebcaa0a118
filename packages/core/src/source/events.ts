import type { TokError } from '../errors/TokError.js';

/** What a token source tells its subscribers. Carries no secret and no access token. */
export type TokenEvent =
  | {
      readonly type: 'token-obtained';
      /** `'endpoint'` for a token request, `'store'` for a token another source stored. */
      readonly from: 'endpoint' | 'store';
      readonly tokenType: string;
      readonly scope: string | undefined;
      readonly issuedAt: number;
      readonly expiresAt: number | undefined;
      /** When the source will start replacing it. */
      readonly refreshAt: number | undefined;
    }
  | {
      /**
       * One token request and how it ended, only for listeners that subscribe with
       * `{ tokenRequests: measureTokenRequests }` (as `@tok/opentelemetry` does): without one, the source measures
       * nothing. Names the endpoint without its query, never a header or the body (no secret,
       * assertion or token).
       */
      readonly type: 'token-request';
      /** The token endpoint (a POST): the request URL without query or fragment. */
      readonly endpoint: string;
      /**
       * Where the credentials went: a placement name (`'basic'`, `'form'`, …; for `auto()`, the one
       * this request tried), a signing method's name (`'private_key_jwt'`), or `undefined` for a
       * grant of your own.
       */
      readonly placement: string | undefined;
      /** 1 for the token source's first attempt at this token, 2 for its first retry, … */
      readonly attempt: number;
      /** When the request was sent (epoch ms, the source's clock). */
      readonly startedAt: number;
      /** From sending to the answer's body read, or to the failure. */
      readonly durationMs: number;
      /** `'success'` for a 2xx answer; `'failure'` for another status or no answer. */
      readonly outcome: 'success' | 'failure';
      /** The answer's HTTP status; `undefined` when there was none. */
      readonly status: number | undefined;
      /**
       * For a request that got no answer, tok's code (`'TOK_NETWORK'`, `'TOK_TIMEOUT'`, …);
       * otherwise `undefined` (a refusal's OAuth error is on the `refresh-failed` event).
       */
      readonly errorCode: string | undefined;
    }
  | {
      readonly type: 'refresh-failed';
      readonly error: TokError;
      /** `true` when a still-valid token keeps being served meanwhile. */
      readonly background: boolean;
    }
  | {
      /**
       * The shared store failed (down, slow, or an answer it could not read): the source went on
       * without it for this token, as a source without a store would, and tries the store again
       * the next time it needs a token. Calls do not fail for it.
       */
      readonly type: 'store-failed';
      readonly operation: 'get' | 'set' | 'lock';
      /** `TOK_STORE`, with the store's error (plain fields only) as `cause`. */
      readonly error: TokError;
    };

/** Counters for watching a provider's token quota. */
export interface TokenStats {
  /** Token requests sent (each retry counts). */
  readonly tokenRequests: number;
  /** Token requests that failed. */
  readonly failures: number;
  /** `getToken()` calls answered from the cache without waiting. */
  readonly cacheHits: number;
  /** `getToken()` calls that had to wait for a token request. */
  readonly waits: number;
}
