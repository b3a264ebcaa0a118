// pnpm --filter @tok/bench bench:fleet [--quick] [--out FILE]
// A fleet of N Node processes (1, 4, 16) cold-starting at once, each with 50 callers, with and
// without the Redis store (a local redis-server), against a token endpoint that takes 50 ms:
// token requests, and how long callers wait (p50, p99) beside the endpoint's own 50 ms. Then what
// a cache hit costs with the store configured, as a ratio to the in-memory source in the same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { clientCredentials, createTokenSource, fetchTransport, type TokenSource } from '@tok/core';
import { redisStore } from '@tok/redis';
import { defaultClient, startTokenServer } from '@tok/test-utils';
import { createClient } from 'redis';
import { quantile, spread } from './stats.js';
import { deadline, progress } from './util.js';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false }, out: { type: 'string' } } });
const quick = args.quick === true || process.env.BENCH_QUICK === '1';
const SIZES = [1, 4, 16];
const CALLERS = 50;
const LATENCY_MS = 50;
const ROUNDS = quick ? 2 : 5;
const POLL_MS = [10, 2];
const HIT_ROUNDS = quick ? 10 : 20;
const HIT_CALLS = 200_000;

const worker = fileURLToPath(new URL('./fleetWorker.ts', import.meta.url));

interface Row {
  readonly processes: number;
  readonly mode: string;
  readonly tokenRequests: number[];
  readonly waits: number[];
  /** Redis commands the fleet sent per cold start. */
  readonly commands: number[];
}

const redis = await startRedis();
const tokens = await startTokenServer({ latencyMs: LATENCY_MS });
const admin = createClient({ url: redis.url });
await admin.connect();
const env = { REDIS_URL: redis.url, TOKEN_URL: tokens.url, CLIENT_ID: defaultClient.clientId, CLIENT_SECRET: defaultClient.clientSecret, SEAL_KEY: randomBytes(32).toString('base64') };
const rows: Row[] = [];
let scope = 0;
let hit: { memoryNs: number; storeNs: number; ratios: number[] };
try {
  for (const size of SIZES) {
    const fleet = await deadline(startWorkers(size), 60_000, `starting ${size} processes`);
    try {
      const modes = [
        { mode: 'in-memory (no store)', store: false, pollMs: 10 },
        ...POLL_MS.map((pollMs) => ({ mode: `Redis store, pollMs ${pollMs}${pollMs === 10 ? ' (default)' : ''}`, store: true, pollMs })),
      ];
      const measured = modes.map(({ mode }): Row => ({ processes: size, mode, tokenRequests: [], waits: [], commands: [] }));
      // A first cold start of each kind warms the processes (JIT, sockets) and is not counted; then
      // the kinds take turns, in a rotating order, so that none always goes first.
      for (let round = -1; round < ROUNDS; round++) {
        for (let turn = 0; turn < modes.length; turn++) {
          const index = (turn + Math.max(0, round)) % modes.length;
          const { store, pollMs } = modes[index]!;
          await fleet.ask({ type: 'arm', scope: `bench-${++scope}`, store, pollMs }, 'armed');
          const commandsBefore = await commandCount();
          const done = await deadline(fleet.ask({ type: 'go', callers: CALLERS }, 'done'), 60_000, `a cold start of ${size} processes`);
          const commands = (await commandCount()) - commandsBefore - 1;
          if (round < 0) continue;
          const row = measured[index]!;
          row.commands.push(commands);
          row.tokenRequests.push(done.reduce((sum, answer) => sum + (answer.tokenRequests as number), 0));
          row.waits.push(...done.flatMap((answer) => answer.waits as number[]));
        }
      }
      for (const row of measured) {
        rows.push(row);
        progress(`${size} processes, ${row.mode}: ${median(row.tokenRequests)} token requests, p99 ${quantile(row.waits, 0.99).toFixed(1)} ms`);
      }
    } finally {
      await fleet.close();
    }
  }
  hit = await cacheHit();
} finally {
  await admin.quit().catch(() => {});
  await tokens.close();
  await redis.stop();
}

const report = render(rows, hit);
process.stdout.write(`${report}\n`);
if (args.out) writeFileSync(args.out, report);

function render(measured: readonly Row[], cache: typeof hit): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const lines = [
    `## Fleets: ${SIZES.join(', ')} processes cold-starting at once, ${CALLERS} callers each, token endpoint ${LATENCY_MS} ms`,
    '',
    `Median over ${ROUNDS} cold starts of token requests per fleet; caller waits over all rounds; "added" is the p99 wait minus the endpoint's ${LATENCY_MS} ms. Redis commands: per cold start of the fleet.`,
    '',
    '| processes | store | token requests | p50 wait | p99 wait | p99 added | Redis commands |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...measured.map((row) =>
      [row.processes, row.mode, median(row.tokenRequests), ms(quantile(row.waits, 0.5)), ms(quantile(row.waits, 0.99)), ms(quantile(row.waits, 0.99) - LATENCY_MS), row.mode.startsWith('Redis') ? median(row.commands) : '—'].join(' | ').replace(/^/, '| ').replace(/$/, ' |'),
    ),
    '',
    `Cache hit (getToken() on a valid token, ${HIT_CALLS.toLocaleString('en')} calls × ${HIT_ROUNDS} rounds, alternating): in-memory ${cache.memoryNs.toFixed(1)} ns, with the Redis store ${cache.storeNs.toFixed(1)} ns; ratio ${spread(cache.ratios).median.toFixed(3)} (IQR ${spread(cache.ratios).q1.toFixed(3)}–${spread(cache.ratios).q3.toFixed(3)}; target ≤ 1.1).`,
  ];
  return lines.join('\n');
}

function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

async function commandCount(): Promise<number> {
  const info = await admin.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

// The cache-hit path with and without the store: both serve from memory, so the ratio shows what
// configuring a store costs a request that has a token.
async function cacheHit(): Promise<{ memoryNs: number; storeNs: number; ratios: number[] }> {
  const client = createClient({ url: redis.url, disableOfflineQueue: true });
  await client.connect();
  try {
    const grant = clientCredentials({ tokenUrl: tokens.url, clientId: defaultClient.clientId, clientSecret: defaultClient.clientSecret, scope: 'bench-hit' });
    const memory = createTokenSource(grant, { transport: fetchTransport(fetch) });
    const stored = createTokenSource(grant, { transport: fetchTransport(fetch), store: redisStore(client, { keys: [env.SEAL_KEY] }) });
    await memory.getToken();
    await stored.getToken();
    const time = async (source: TokenSource) => {
      const started = process.hrtime.bigint();
      for (let i = 0; i < HIT_CALLS; i++) await source.getToken();
      return Number(process.hrtime.bigint() - started) / HIT_CALLS;
    };
    await time(memory);
    await time(stored);
    const memoryNs: number[] = [];
    const storeNs: number[] = [];
    for (let round = 0; round < HIT_ROUNDS; round++) {
      if (round % 2 === 0) {
        memoryNs.push(await time(memory));
        storeNs.push(await time(stored));
      } else {
        storeNs.push(await time(stored));
        memoryNs.push(await time(memory));
      }
    }
    memory.dispose();
    stored.dispose();
    return { memoryNs: median(memoryNs), storeNs: median(storeNs), ratios: storeNs.map((ns, i) => ns / (memoryNs[i] as number)) };
  } finally {
    client.destroy();
  }
}

interface Workers {
  /** Sends `command` to every worker and resolves with their `reply` messages. */
  ask(command: Record<string, unknown>, reply: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function startWorkers(size: number): Promise<Workers> {
  const children = Array.from({ length: size }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
    const waiting: ((message: Record<string, unknown>) => void)[] = [];
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk;
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const message = JSON.parse(buffered.slice(0, newline)) as Record<string, unknown>;
        buffered = buffered.slice(newline + 1);
        waiting.shift()?.(message);
      }
    });
    const next = (type: string) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        waiting.push((message) => (message.type === type ? resolve(message) : reject(new Error(`expected ${type}, got ${JSON.stringify(message)}`))));
      });
    return { child, next };
  });
  await Promise.all(children.map(({ next }) => next('ready')));
  return {
    ask(command, reply) {
      const answers = children.map(({ next }) => next(reply));
      // One write each, back to back: the processes start as close together as the OS lets them.
      for (const { child } of children) child.stdin.write(`${JSON.stringify(command)}\n`);
      return Promise.all(answers);
    },
    async close() {
      await Promise.all(children.map(({ child }) => stop(child, () => child.stdin.end(`${JSON.stringify({ type: 'exit' })}\n`))));
    },
  };
}

function stop(child: ChildProcess, ask: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    ask();
  });
}

// A redis-server of its own on a free port of 127.0.0.1, without persistence, stopped at the end.
async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as { port: number };
      server.close(() => resolve(free));
    });
  });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await deadline(
    new Promise<void>((resolve, reject) => {
      let output = '';
      child.once('error', (error) => reject(new Error(`redis-server could not start (apt-get install -y redis-server): ${error.message}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk;
        if (output.includes('Ready to accept connections')) resolve();
      });
    }),
    10_000,
    'redis-server',
  );
  child.stdout.resume();
  return { url: `redis://127.0.0.1:${port}`, stop: () => stop(child, () => child.kill('SIGTERM')) };
}
