import { ErrorCode } from './codes.js';
import { isError, TokError } from './TokError.js';

/**
 * The token endpoint refused the request with an RFC 6749 §5.2 error body.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @example
 * ```ts
 * if (isOAuthError(e) && e.error === 'invalid_client') rotateCredentials();
 * ```
 */
export class OAuthError extends TokError {
  override name = 'OAuthError';
  /** The OAuth error code, e.g. `invalid_client`, `invalid_scope`. */
  readonly error: string;
  readonly errorDescription: string | undefined;
  readonly errorUri: string | undefined;
  /** HTTP status of the token response. */
  readonly status: number;
  /** From `Retry-After` on a 429 or 503, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(fields: {
    error: string;
    errorDescription?: string | undefined;
    errorUri?: string | undefined;
    status: number;
    retryAfterMs?: number | undefined;
    body: unknown;
  }) {
    super(ErrorCode.OAuth, oauthMessage(fields.error, fields.errorDescription, fields.status), { cause: fields.body });
    this.error = fields.error;
    this.errorDescription = fields.errorDescription;
    this.errorUri = fields.errorUri;
    this.status = fields.status;
    this.retryAfterMs = fields.retryAfterMs;
  }
}

// What each registered error usually means for a client-credentials caller.
const hints: Record<string, string> = {
  invalid_client: 'check clientId, clientSecret and placement (some servers want the secret in the body: placement "form")',
  invalid_scope: 'ask only for scopes this client is allowed',
  unauthorized_client: 'enable the client-credentials grant for this client on the server',
  unsupported_grant_type: 'the server may expect another grantType value',
  invalid_request: 'a required parameter (audience, resource, scope) may be missing',
};

function oauthMessage(error: string, description: string | undefined, status: number): string {
  const hint = hints[error];
  return `token endpoint answered ${status} ${error}${description ? `: ${description}` : ''}${hint ? ` (${hint})` : ''}`;
}

/**
 * `true` for an {@link OAuthError}, also across realms.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @example
 * ```ts
 * try {
 *   await source.getToken();
 * } catch (e) {
 *   if (isOAuthError(e) && e.error === 'invalid_scope') console.error('ask only for scopes this client has:', e.errorDescription);
 *   throw e;
 * }
 * ```
 */
export function isOAuthError(value: unknown): value is OAuthError {
  return value instanceof OAuthError || (isError(value) && (value as Partial<OAuthError>).code === ErrorCode.OAuth);
}
