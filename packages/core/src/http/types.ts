// The wire: what a transport sends and receives, as plain data. Every layer speaks it; it imports nothing.

/** An HTTP request as plain data: a token request (POST), or a metadata lookup (GET, no body). */
export interface HttpRequest {
  readonly url: string;
  readonly method: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
}

/**
 * Sends a request to the authorization server and returns the answer as plain data, with
 * lower-case header names and the body as text, whatever its status. Adapters provide one for
 * their HTTP client; it must reject (not resolve) when `signal` aborts, and never follow a
 * redirect to another origin with credentials.
 */
export type Transport = (request: HttpRequest, init: { signal: AbortSignal }) => Promise<TokenResponse>;

/** A token endpoint's answer as plain data: what a transport returns. */
export interface TokenResponse {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}
