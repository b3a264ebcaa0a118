import { ErrorCode } from './codes.js';
import { EndpointError } from './EndpointError.js';

/**
 * The token endpoint's answer is not a token: a non-2xx without an OAuth error body
 * (`TOK_HTTP_STATUS`), a 2xx whose body cannot be used (`TOK_INVALID_RESPONSE`), or a body over
 * `MAX_RESPONSE_BYTES` (`TOK_RESPONSE_TOO_LARGE`; `status` is `0` when the HTTP client reported the
 * overflow without the status).
 * The message names the status, the content type and a short snippet of the body; the body is
 * kept as `cause`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 * @example
 * ```ts
 * if (e instanceof ResponseError && e.code === ErrorCode.HttpStatus && e.status === 404) {
 *   console.error('tokenUrl is not the token endpoint:', e.message);
 * }
 * ```
 */
export class ResponseError extends EndpointError {
  override name = 'ResponseError';

  constructor(
    code: typeof ErrorCode.HttpStatus | typeof ErrorCode.InvalidResponse | typeof ErrorCode.ResponseTooLarge,
    message: string,
    fields: { status: number; retryAfterMs?: number | undefined; body: unknown },
  ) {
    super(code, message, fields);
  }
}
