import { ErrorCode } from './codes.js';
import { EndpointError } from './EndpointError.js';
import { isError } from './TokError.js';

/**
 * The token endpoint refused the request with an RFC 6749 §5.2 error body.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @example
 * ```ts
 * if (isOAuthError(e) && e.error === 'invalid_client') rotateCredentials();
 * ```
 */
export class OAuthError extends EndpointError {
  override name = 'OAuthError';
  /** The OAuth error code, e.g. `invalid_client`, `invalid_scope`. */
  readonly error: string;
  readonly errorDescription: string | undefined;
  readonly errorUri: string | undefined;

  constructor(fields: {
    error: string;
    errorDescription?: string | undefined;
    errorUri?: string | undefined;
    status: number;
    retryAfterMs?: number | undefined;
    body: unknown;
  }) {
    super(ErrorCode.OAuth, oauthMessage(fields.error, fields.errorDescription, fields.status), fields);
    this.error = fields.error;
    this.errorDescription = fields.errorDescription;
    this.errorUri = fields.errorUri;
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

// Hints for what was sent, so that a message never suggests the placement that was just refused.
const CREDENTIALS = 'check clientId and clientSecret; if they are right, the server may want them';
function placementHint(error: string, placement: string): string | undefined {
  if (placement === 'json' && (error === 'unsupported_grant_type' || error === 'invalid_request')) {
    return 'tok sent a JSON body, which most token endpoints do not read: try placement "form"';
  }
  if (error !== 'invalid_client') return undefined;
  if (placement === 'form') return `${CREDENTIALS} in the Authorization header: placement "basic"`;
  if (placement === 'basic-raw') return `${CREDENTIALS} form-encoded first: placement "basic", or in the body: placement "form"`;
  return undefined;
}

/**
 * Fits the hint at the end of an {@link OAuthError}'s message to the placement that was sent: after
 * a JSON body, `unsupported_grant_type` and `invalid_request` suggest `form`; `invalid_client`
 * never suggests the placement that got it. The rest of the message is kept as it is.
 */
export function hintPlacement(error: OAuthError, placement: string): void {
  const hint = placementHint(error.error, placement);
  if (hint !== undefined) error.message = `${withoutHint(error.message)} (${hint})`;
}

/** A message without the hint tok appended to it, for a summary that gives its own advice. */
export function withoutHint(message: string): string {
  for (const hint of Object.values(hints)) if (message.endsWith(` (${hint})`)) return message.slice(0, -hint.length - 3);
  const at = message.lastIndexOf(` (${CREDENTIALS}`);
  return at >= 0 && message.endsWith(')') ? message.slice(0, at) : message;
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
