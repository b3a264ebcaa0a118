/** An access token and what tok knows of its lifetime. Times are epoch milliseconds. */
export interface Token {
  readonly accessToken: string;
  /** `Bearer` (normalised from any case, or assumed when the server sent none). */
  readonly tokenType: string;
  /** When the request that produced it was sent: lifetimes count from here. */
  readonly issuedAt: number;
  /** When it stops being valid; `undefined` for a static token that never expires. */
  readonly expiresAt: number | undefined;
  /** The server's `refresh_in` hint, in milliseconds after `issuedAt`. */
  readonly refreshIn: number | undefined;
  /** The granted scope, when the server says. */
  readonly scope: string | undefined;
  /** The response body as parsed, for server-specific fields. */
  readonly raw: Readonly<Record<string, unknown>>;
}
