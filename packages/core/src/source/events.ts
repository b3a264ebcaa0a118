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
      readonly type: 'refresh-failed';
      readonly error: TokError;
      /** `true` when a still-valid token keeps being served meanwhile. */
      readonly background: boolean;
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
