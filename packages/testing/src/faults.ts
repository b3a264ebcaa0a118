/**
 * What the authorization server does with one token request. Fields combine: `{ delayMs: 200,
 * status: 503 }` waits, then answers 503. A behaviour with neither `status` nor `body`, `bodyBytes`,
 * `drop` nor `hang` gives the normal RFC 6749 answer, adjusted by the token fields. {@link faults}
 * builds the common ones.
 */
export interface TokenBehaviour {
  /** Wait this long before answering (added to the server's `latencyMs`). */
  readonly delayMs?: number;
  /** Answer with this status instead of the normal answer (`body` defaults to empty). */
  readonly status?: number;
  /** Answer with this body instead of the normal answer: a string as is, anything else as JSON. */
  readonly body?: unknown;
  /** Answer 200 `application/json` with a body this many bytes long that never becomes valid JSON. */
  readonly bodyBytes?: number;
  /** Headers added to whatever the answer is (e.g. `Retry-After` with `status: 429`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The `Content-Type` of the normal answer, instead of `application/json; charset=utf-8`. */
  readonly contentType?: string;
  /** Destroy the connection without answering (a connection reset). */
  readonly drop?: boolean;
  /** Never answer; the request ends when the server closes. */
  readonly hang?: boolean;
  /** `expires_in` to send: a number, a string such as `'3600'`, or `undefined` to leave it out. */
  readonly expiresIn?: number | string | undefined;
  /** `token_type` to send (e.g. `'bearer'`), or `null` to leave it out. */
  readonly tokenType?: string | null;
  /** The `access_token` to issue instead of a new one. */
  readonly accessToken?: string;
  /** `scope` to send, or `null` to leave it out. Default: the requested scope, if any. */
  readonly scope?: string | null;
  /** More fields for the success body (they override the standard ones). */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/**
 * The faults a token client must survive, as {@link TokenBehaviour}s: queue them for the next
 * requests with `server.behave(…)`, give a whole `script` when starting the server, or make one
 * the default with `server.setDefault(…)`.
 *
 * @example
 * ```ts
 * await using server = await startAuthorizationServer({
 *   script: [faults.serverError(), faults.rateLimited(2), faults.reset()], // the first three requests
 * });
 * server.behave(faults.delay(500)); // the next one after those
 * ```
 */
export const faults = {
  /** Answer normally, `ms` milliseconds late. */
  delay: (ms: number): TokenBehaviour => ({ delayMs: ms }),
  /** Never answer: the client's own timeout must end the wait. */
  hang: (): TokenBehaviour => ({ hang: true }),
  /** A 5xx (default 503) with an RFC 6749-style JSON error body. */
  serverError: (status = 503): TokenBehaviour => ({ status, body: { error: status === 503 ? 'temporarily_unavailable' : 'server_error' } }),
  /** 429 with `Retry-After` (seconds, or an HTTP date). */
  rateLimited: (retryAfter: number | string = 1): TokenBehaviour => ({ status: 429, headers: { 'retry-after': String(retryAfter) }, body: { error: 'too_many_requests' } }),
  /** Close the connection without an answer, once the request was read. */
  reset: (): TokenBehaviour => ({ drop: true }),
  /** 200 `application/json` whose body is cut off in the middle. */
  malformedBody: (): TokenBehaviour => ({ status: 200, body: '{"access_token":"eyJhbGciOi', headers: { 'content-type': 'application/json' } }),
  /** 200 `application/json` of `bytes` bytes (default 4 MiB): more than a client should read. */
  oversizeBody: (bytes = 4 * 1024 * 1024): TokenBehaviour => ({ bodyBytes: bytes }),
  /** A normal token answer labelled with another content type (default `text/html`). */
  wrongContentType: (contentType = 'text/html; charset=utf-8'): TokenBehaviour => ({ contentType }),
  /** 200 with an OAuth `error` in the body (default `invalid_scope`) and no token. */
  errorIn200: (error = 'invalid_scope'): TokenBehaviour => ({ status: 200, body: { error, error_description: 'the server refused, though it answered 200' } }),
} as const;
