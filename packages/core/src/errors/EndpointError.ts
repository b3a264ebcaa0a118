import { ErrorCode } from './codes.js';
import { isTokError, TokError } from './TokError.js';

/** The codes of an answer that is not a token: the errors that carry the endpoint's status. */
const ANSWERED: readonly string[] = [ErrorCode.OAuth, ErrorCode.HttpStatus, ErrorCode.InvalidResponse, ErrorCode.ResponseTooLarge];

/**
 * The token (or metadata) endpoint answered, and the answer is not a token: the base of
 * {@link OAuthError} and {@link ResponseError}. `status` and `retryAfterMs` are declared here, once,
 * so one check reads them whatever the kind of refusal.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 * @see {@link isEndpointError}, which also works across realms
 * @example
 * ```ts
 * if (e instanceof EndpointError && e.retryAfterMs !== undefined) console.warn(`token endpoint busy; it asks for ${e.retryAfterMs} ms`);
 * ```
 */
export class EndpointError extends TokError {
  override name = 'EndpointError';
  /** The HTTP status of the answer (`0` when the HTTP client did not report it). */
  readonly status: number;
  /** From `Retry-After` on a 429 or 503, in milliseconds (capped); `undefined` otherwise. */
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, fields: { status: number; retryAfterMs?: number | undefined; body: unknown }) {
    super(code, message, { cause: fields.body });
    this.status = fields.status;
    this.retryAfterMs = fields.retryAfterMs;
  }
}

/**
 * `true` for an {@link EndpointError} ({@link OAuthError}, {@link ResponseError}), also across
 * realms and duplicate installs, where `instanceof` fails: then `status` and `retryAfterMs` can be read.
 *
 * @see {@link EndpointError}
 * @example
 * ```ts
 * if (isEndpointError(e) && e.status === 404) console.error('tokenUrl is not the token endpoint');
 * ```
 */
export function isEndpointError(value: unknown): value is EndpointError {
  return value instanceof EndpointError || (isTokError(value) && ANSWERED.includes(value.code) && typeof (value as Partial<EndpointError>).status === 'number');
}
