import { type ChildProcess, fork } from 'node:child_process';
import type { Command, PairStats } from './serverProcess.js';

/** One token server (with latency) and the protected API that accepts its tokens. */
export interface Pair {
  readonly key: number;
  readonly tokenUrl: string;
  readonly apiOrigin: string;
  stats(): Promise<PairStats>;
  close(): Promise<void>;
}

/** The child process that hosts every server of a run. */
export interface ServerHost {
  start(options: { latencyMs: number; expiresIn: number }): Promise<Pair>;
  /**
   * What to add to this process's `performance.timeOrigin + performance.now()` to get the server
   * process's: from the IPC round trip with the smallest delay of a few.
   */
  clockOffset(): Promise<number>;
  stop(): Promise<void>;
}

const REPLY_TIMEOUT_MS = 30_000;

export async function startServerHost(): Promise<ServerHost> {
  const child: ChildProcess = fork(new URL('./serverProcess.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
    const entry = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) entry?.reject(new Error(message.error));
    else entry?.resolve(message.result);
  });
  child.on('exit', (code) => {
    for (const entry of waiting.values()) entry.reject(new Error(`server process exited (${code})`));
    waiting.clear();
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });

  function send<T>(command: Command): Promise<T> {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`server process did not answer ${command.cmd} within ${REPLY_TIMEOUT_MS} ms`));
      }, REPLY_TIMEOUT_MS);
      waiting.set(id, {
        resolve: (value) => (clearTimeout(timer), resolve(value as T)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      child.send({ id, command });
    });
  }

  return {
    async start(options) {
      const { key, tokenUrl, apiOrigin } = await send<{ key: number; tokenUrl: string; apiOrigin: string }>({ cmd: 'start', ...options });
      return {
        key,
        tokenUrl,
        apiOrigin,
        stats: () => send<PairStats>({ cmd: 'stats', key }),
        close: () => send<void>({ cmd: 'close', key }),
      };
    },
    async clockOffset() {
      let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 };
      for (let i = 0; i < 10; i++) {
        const sent = performance.timeOrigin + performance.now();
        const remote = await send<number>({ cmd: 'now' });
        const received = performance.timeOrigin + performance.now();
        if (received - sent < best.rtt) best = { rtt: received - sent, offset: remote - (sent + received) / 2 };
      }
      return best.offset;
    },
    async stop() {
      if (child.exitCode !== null || !child.connected) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      const timer = setTimeout(() => child.kill(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
