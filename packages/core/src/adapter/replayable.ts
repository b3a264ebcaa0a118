/**
 * Whether a request body can be sent a second time (after a 401, or along a 307 redirect):
 * strings, bytes, blobs, forms and search params can; a stream (web `ReadableStream`, Node
 * `Readable`, any async iterable) is read once and cannot, so a request with one is never retried.
 *
 * @see https://fetch.spec.whatwg.org/#concept-body-source
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.4.8
 * @see {@link sendAuthorized}, whose `replayable` option this decides
 * @example
 * ```ts
 * isReplayable('{"a":1}');              // true
 * isReplayable(file.stream());          // false
 * ```
 */
export function isReplayable(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return true;
  const value = body as { getReader?: unknown; pipe?: unknown; [Symbol.asyncIterator]?: unknown };
  return typeof value.getReader !== 'function' && typeof value.pipe !== 'function' && typeof value[Symbol.asyncIterator] !== 'function';
}
