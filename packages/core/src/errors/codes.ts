/**
 * Stable codes carried by every {@link TokError}. Match on `error.code`, not on messages.
 *
 * @see {@link TokError}
 * @see {@link isTokError}
 * @example
 * ```ts
 * if (isTokError(e) && e.code === ErrorCode.OAuth) console.log(e.error);
 * ```
 */
export const ErrorCode = {
  /** An option given to tok is missing or malformed; fix the configuration. */
  InvalidOption: 'TOK_INVALID_OPTION',
  /** The token endpoint answered with an RFC 6749 §5.2 error (`invalid_client`, …). */
  OAuth: 'TOK_OAUTH_ERROR',
  /** The token endpoint answered with a non-2xx status and no OAuth error body. */
  HttpStatus: 'TOK_HTTP_STATUS',
  /** The token endpoint answered 2xx but the body is not a usable token response. */
  InvalidResponse: 'TOK_INVALID_RESPONSE',
  /**
   * The token or metadata response was larger than `MAX_RESPONSE_BYTES` (1 MiB, counted after
   * decompression) and was cut off: the endpoint is probably wrong or misbehaving. Not retried.
   */
  ResponseTooLarge: 'TOK_RESPONSE_TOO_LARGE',
  /**
   * A client-authentication strategy could not write its credentials: a `privateKeyJwt` key that
   * cannot sign (wrong type for `alg`, a public key, a runtime without WebCrypto). Not retried.
   */
  ClientAuth: 'TOK_CLIENT_AUTH',
  /** The token request never got an answer (connection refused, reset, DNS, …). */
  Network: 'TOK_NETWORK',
  /** The token request took longer than the configured timeout. */
  Timeout: 'TOK_TIMEOUT',
  /**
   * The token source's `store` (`get`, `set` or `lock`) threw or rejected: the store's own error is
   * `cause`. Reported in a `store-failed` event, never to a caller: the source went on without the
   * store for that token and tries it again the next time. Check the store (its connection, its server).
   */
  Store: 'TOK_STORE',
  /** The caller's `AbortSignal` ended its wait. */
  Aborted: 'TOK_ABORTED',
  /** The token source was disposed. */
  Disposed: 'TOK_DISPOSED',
} as const;

/** One of the {@link ErrorCode} values, such as `'TOK_TIMEOUT'`: the type of {@link TokError.code}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
