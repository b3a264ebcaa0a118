// One process of a test fleet: token sources sharing a redisStore, driven by JSON lines on stdin,
// answering with JSON lines on stdout. Plain JS run by node, importing the built packages.
import { createInterface } from 'node:readline';
import { clientCredentials, createTokenSource, fetchTransport } from '@tok/core';
import { redisStore } from '@tok/redis';

const env = process.env;
const say = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

async function connect() {
  if (env.REDIS_CLIENT === 'ioredis') {
    const { Redis } = await import('ioredis');
    // Fail commands at once while disconnected, and reconnect quickly.
    const client = new Redis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    client.on('error', () => {});
    await new Promise((resolve) => client.once('ready', resolve));
    return client;
  }
  const { createClient } = await import('redis');
  const client = createClient({ url: env.REDIS_URL, disableOfflineQueue: true, socket: { reconnectStrategy: () => 50 } });
  client.on('error', () => {});
  await client.connect();
  return client;
}

const client = await connect();
const store = redisStore(client, {
  keys: env.SEAL_KEY ? [env.SEAL_KEY] : undefined,
  leaseMs: Number(env.LEASE_MS ?? 10_000),
  // Generous: these tests are about sharing, on a loaded machine; a Redis that is down fails at once.
  timeoutMs: 3_000,
  waitMs: Number(env.WAIT_MS ?? env.LEASE_MS ?? 10_000) * 2,
});
const base = fetchTransport(fetch);
// Says when it sends a token request, so that the test can kill the process holding the lease.
const transport = (request, init) => {
  say({ type: 'sending' });
  return base(request, init);
};

const sources = new Map();
function sourceFor(scope) {
  let entry = sources.get(scope);
  if (!entry) {
    const grant = clientCredentials({ tokenUrl: env.TOKEN_URL, clientId: env.CLIENT_ID, clientSecret: env.CLIENT_SECRET, scope });
    const source = createTokenSource(grant, { transport, store: env.NO_STORE ? undefined : store });
    const events = {};
    source.subscribe((event) => {
      const name = event.type === 'store-failed' ? `store-failed ${event.operation}` : event.type === 'token-obtained' ? `from ${event.from}` : event.type;
      events[name] = (events[name] ?? 0) + 1;
    });
    entry = { source, events };
    sources.set(scope, entry);
  }
  return entry;
}

async function round({ scope, callers }) {
  const { source, events } = sourceFor(scope);
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: callers }, () => source.getToken()));
  const ms = performance.now() - started;
  const failed = results.filter((result) => result.status === 'rejected');
  const tokens = [...new Set(results.filter((result) => result.status === 'fulfilled').map((result) => result.value.accessToken))];
  return { ok: results.length - failed.length, failed: failed.length, error: failed[0]?.reason?.message, tokens, ms, stats: source.stats(), events };
}

// `loops` callers each asking for a token every `every` ms for `ms` ms, as steady traffic.
async function load({ scope, ms, loops, every }) {
  const { source, events } = sourceFor(scope);
  const until = Date.now() + ms;
  let ok = 0;
  let failed = 0;
  let error;
  const tokens = new Set();
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (Date.now() < until) {
        try {
          tokens.add((await source.getToken()).accessToken);
          ok++;
        } catch (e) {
          failed++;
          error ??= e.message;
        }
        await new Promise((resolve) => setTimeout(resolve, every));
      }
    }),
  );
  // Steady traffic is over: its source must not go on refreshing during the next test.
  source.dispose();
  return { ok, failed, error, tokens: [...tokens], stats: source.stats(), events };
}

const commands = { round, load };
say({ type: 'ready' });
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line);
  if (command.type === 'exit') break;
  try {
    say({ type: command.type, ...(await commands[command.type](command)) });
  } catch (error) {
    say({ type: command.type, crashed: String(error?.stack ?? error) });
  }
}
for (const { source } of sources.values()) source.dispose();
process.exit(0);
