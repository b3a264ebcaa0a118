import type { ErrorCode } from './codes.js';
import { TokError } from './TokError.js';

/**
 * The token request got no answer: `TOK_NETWORK` (the transport threw; the original error is
 * `cause`), `TOK_TIMEOUT`, `TOK_ABORTED` (the caller's signal) or `TOK_DISPOSED`.
 *
 * @see {@link Transport}
 * @see {@link ErrorCode}
 * @example
 * ```ts
 * try {
 *   token = await source.getToken({ signal: AbortSignal.timeout(2_000) });
 * } catch (e) {
 *   if (e instanceof TransportError && e.code === ErrorCode.Aborted) return fallback();
 *   throw e;
 * }
 * ```
 */
export class TransportError extends TokError {
  override name = 'TransportError';

  constructor(
    code: typeof ErrorCode.Network | typeof ErrorCode.Timeout | typeof ErrorCode.Aborted | typeof ErrorCode.Disposed,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
