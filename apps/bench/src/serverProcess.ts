// Runs in a child process: token servers and protected APIs on 127.0.0.1, so that their work
// never shares the measured client's event loop. The parent drives it over IPC (see servers.ts).
import { EventEmitter } from 'node:events';
import { type ApiServer, startApiServer, startTokenServer, type TokenServer } from '@tok/test-utils';

// test-utils' servers put one abort listener per pending request on their close signal: with
// thousands of requests in flight that is expected, not a leak.
EventEmitter.defaultMaxListeners = 0;

export type Command =
  | { readonly cmd: 'start'; readonly latencyMs: number; readonly expiresIn: number }
  | { readonly cmd: 'stats'; readonly key: number }
  | { readonly cmd: 'now' }
  | { readonly cmd: 'close'; readonly key: number };

/** One request the API answered. */
export interface ApiRecord {
  /** Arrival, `Date.now()`. */
  readonly time: number;
  readonly status: number;
  /** Path and query, e.g. `/items?i=12`. */
  readonly path: string;
  readonly hasToken: boolean;
  /**
   * When the token sent was issued, on this process's high-resolution clock
   * (`performance.timeOrigin + performance.now()`); `null` without a known token.
   */
  readonly tokenIssuedAt: number | null;
}

/** What one pair of servers saw: token request arrival times (`Date.now()`), and each API answer. */
export interface PairStats {
  readonly tokenTimes: readonly number[];
  readonly api: readonly ApiRecord[];
}

const pairs = new Map<number, { tokens: TokenServer; api: ApiServer }>();
let nextKey = 1;

async function handle(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'start': {
      const tokens = await startTokenServer({ latencyMs: command.latencyMs, expiresIn: command.expiresIn });
      const api = await startApiServer({ tokenServer: tokens });
      const key = nextKey++;
      pairs.set(key, { tokens, api });
      return { key, tokenUrl: tokens.url, apiOrigin: api.origin };
    }
    case 'stats': {
      const pair = pairs.get(command.key);
      if (!pair) throw new Error(`no servers ${command.key}`);
      const tokenPath = new URL(pair.tokens.url).pathname;
      const stats: PairStats = {
        tokenTimes: pair.tokens.requests.filter((r) => r.path === tokenPath).map((r) => r.time),
        api: pair.api.requests.map((r) => ({
          time: r.time,
          status: r.status,
          path: r.path,
          hasToken: r.token !== null,
          tokenIssuedAt: r.token === null ? null : (pair.tokens.find(r.token)?.issuedAt ?? null),
        })),
      };
      return stats;
    }
    case 'now':
      return performance.timeOrigin + performance.now();
    case 'close': {
      const pair = pairs.get(command.key);
      pairs.delete(command.key);
      await Promise.all([pair?.api.close(), pair?.tokens.close()]);
      return null;
    }
  }
}

async function closeAll(): Promise<void> {
  await Promise.all([...pairs.values()].flatMap(({ tokens, api }) => [api.close(), tokens.close()]));
  pairs.clear();
}

process.on('message', (message: { id: number; command: Command }) => {
  handle(message.command).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
  );
});
// The parent went away (normally or not): stop every server and exit.
process.on('disconnect', () => void closeAll().finally(() => process.exit(0)));
