// What the store needs of a Redis client: to send one command and get its reply. Both clients
// have such a call, so neither is a dependency: node-redis's `sendCommand([...])` and ioredis's
// `call(command, ...args)`.

/** A node-redis (`redis` package, v5 or later) client: `createClient(…)` after `connect()`. */
export interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>;
}

/** An `ioredis` client: `new Redis(…)`. */
export interface IoRedisLike {
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** A client of either library. See {@link NodeRedisLike} and {@link IoRedisLike}. */
export type RedisClient = NodeRedisLike | IoRedisLike;

/** Sends one command; rejects when Redis fails, answers late or the client cannot send it now. */
export type Command = (args: string[]) => Promise<unknown>;

/** `true` for an object that either library could be. */
export function isRedisClient(value: unknown): value is RedisClient {
  const client = value as Partial<NodeRedisLike & IoRedisLike> | null;
  return typeof client?.call === 'function' || typeof client?.sendCommand === 'function';
}

/**
 * One command under a timeout: a client that queues commands while it reconnects, or a Redis that
 * stalls, must not hold a token request for longer than `timeoutMs`.
 */
export function commandOf(client: RedisClient, timeoutMs: number): Command {
  // ioredis also has a sendCommand, which takes a Command object: prefer call().
  const send: Command =
    'call' in client && typeof client.call === 'function'
      ? (args) => (client as IoRedisLike).call(args[0] as string, ...args.slice(1))
      : (args) => (client as NodeRedisLike).sendCommand(args);
  return (args) =>
    new Promise((resolve, reject) => {
      // A caller waits on this timer: it keeps the process alive, and always ends.
      const timer = setTimeout(() => reject(new Error(`Redis did not answer ${args[0]} within ${timeoutMs} ms`)), timeoutMs);
      let sent: Promise<unknown>;
      try {
        sent = Promise.resolve(send(args));
      } catch (error) {
        sent = Promise.reject(error);
      }
      sent.then(resolve, reject).finally(() => clearTimeout(timer));
    });
}
