import type { ErrorCode } from './codes.js';

/**
 * Base class of every error tok throws. `code` is stable; `message` says what went wrong and
 * what to do about it, and never contains a client secret.
 *
 * @see {@link ErrorCode} for the codes
 * @see {@link isTokError}, which also works across realms
 * @example
 * ```ts
 * try {
 *   await source.getToken();
 * } catch (e) {
 *   if (e instanceof TokError) logger.warn({ code: e.code }, e.message);
 *   throw e;
 * }
 * ```
 */
export class TokError extends Error {
  override name = 'TokError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * `true` for any error tok threw, also across realms (iframes, workers, duplicate installs),
 * where `instanceof` fails.
 *
 * @see {@link TokError}
 * @see {@link ErrorCode}
 * @example
 * ```ts
 * try {
 *   await api('/v1/orders');
 * } catch (e) {
 *   if (isTokError(e) && e.code === ErrorCode.Timeout) return retryLater();
 *   throw e;
 * }
 * ```
 */
export function isTokError(value: unknown): value is TokError {
  const code = (value as Partial<TokError> | null)?.code;
  return value instanceof TokError || (isError(value) && typeof code === 'string' && code.startsWith('TOK_'));
}

/**
 * `true` for an `Error` from any realm. `instanceof Error` is `false` for an error made in another
 * realm (an iframe, a `vm` context), whose `Error` is another object; the internal tag is not.
 */
export function isError(value: unknown): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}
