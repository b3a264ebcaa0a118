/**
 * `server` with `[Symbol.asyncDispose]` as its `close`, so that `await using server = await
 * start…()` closes it when the block ends (TypeScript 5.2+; Node 20 has the symbol).
 */
export function closeOnDispose<T extends { close(): Promise<void> }>(server: T): T & { [Symbol.asyncDispose](): Promise<void> } {
  return Object.assign(server, { [Symbol.asyncDispose]: () => server.close() });
}
