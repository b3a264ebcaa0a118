import { ErrorCode } from '../errors/codes.js';
import { ResponseError } from '../errors/ResponseError.js';

/**
 * The most tok reads of a token or metadata response: 1 MiB (`1_048_576` bytes), counted after
 * decompression, while reading. A token response is a few kB (a large JWT with many claims stays
 * under 16 kB) and a metadata document a few more; Go's `golang.org/x/oauth2` reads at most 1 MiB
 * too. A bigger answer means a wrong `tokenUrl`/`issuer` or a misbehaving server, and reading on
 * would let one answer (a 100 MB body, an endless stream, a gzip bomb) take the process's memory.
 * Past the limit the transport stops reading, cancels the body and throws a {@link ResponseError}
 * with code `TOK_RESPONSE_TOO_LARGE`, which is never retried.
 *
 * @see https://pkg.go.dev/golang.org/x/oauth2 (internal/token.go reads through `io.LimitReader(r.Body, 1<<20)`)
 * @see {@link responseTooLarge}
 * @example
 * ```ts
 * // An axios instance of your own, reading a token response like tok does:
 * await instance.post(tokenUrl, body, { maxContentLength: MAX_RESPONSE_BYTES });
 * ```
 */
export const MAX_RESPONSE_BYTES = 1_048_576;

/**
 * The error a transport throws when an answer is over {@link MAX_RESPONSE_BYTES}: a
 * {@link ResponseError} with code `TOK_RESPONSE_TOO_LARGE`, naming the limit and the URL, and
 * saying what it most likely means. For transports of HTTP clients that enforce the limit
 * themselves (axios's `maxContentLength`); `status` is `0` when the client does not say.
 *
 * @see {@link MAX_RESPONSE_BYTES}
 * @example
 * ```ts
 * if (error.message.includes('maxContentLength')) throw responseTooLarge(url, 0);
 * ```
 */
export function responseTooLarge(url: string, status: number): ResponseError {
  const message = `the answer from ${url}${status ? ` (${status})` : ''} is over ${MAX_RESPONSE_BYTES} bytes (1 MiB), tok's limit for token and metadata responses, and was cut off; a token response is a few kB, so the URL is probably not the token endpoint (check tokenUrl or issuer) or the server is misbehaving`;
  return new ResponseError(ErrorCode.ResponseTooLarge, message, { status, body: undefined });
}

/**
 * Reads a fetch `Response` body as UTF-8 text, stopping at {@link MAX_RESPONSE_BYTES} decoded
 * bytes: past it, cancels the body (closing the connection) and throws {@link responseTooLarge}.
 * An endless body is cut off at the limit, not buffered until a timeout.
 */
export async function readLimited(response: Response, url: string): Promise<string> {
  const reader = response.body?.getReader();
  // Runtimes without streamed bodies: the limit still holds for what is handed on.
  if (!reader) {
    const text = await response.text();
    if (text.length > MAX_RESPONSE_BYTES) throw responseTooLarge(url, response.status);
    return text;
  }
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      reader.cancel().catch(() => {});
      throw responseTooLarge(url, response.status);
    }
    text += decoder.decode(value, { stream: true });
  }
}
