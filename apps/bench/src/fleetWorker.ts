// One process of the fleet benchmark (fleet.ts): a Redis client and token sources, driven by JSON
// lines on stdin. `arm` builds a cold source; `go` starts its callers at once and reports each
// caller's wait and the token requests the process made.
import { createInterface } from 'node:readline';
import { clientCredentials, createTokenSource, fetchTransport, type TokenSource } from '@tok/core';
import { redisStore } from '@tok/redis';
import { createClient } from 'redis';

const env = process.env;
const say = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);
const redis = createClient({ url: env.REDIS_URL ?? '', disableOfflineQueue: true });
redis.on('error', () => {});
await redis.connect();
const key = env.SEAL_KEY ?? '';

interface Arm {
  readonly type: 'arm';
  readonly scope: string;
  readonly store: boolean;
  readonly pollMs: number;
}

let armed: TokenSource | undefined;
say({ type: 'ready' });
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as Arm | { type: 'go'; callers: number } | { type: 'exit' };
  if (command.type === 'exit') break;
  if (command.type === 'arm') {
    const grant = clientCredentials({ tokenUrl: env.TOKEN_URL, clientId: env.CLIENT_ID, clientSecret: env.CLIENT_SECRET, scope: command.scope });
    const store = command.store ? redisStore(redis, { keys: [key], pollMs: command.pollMs }) : undefined;
    armed = createTokenSource(grant, { transport: fetchTransport(fetch), store });
    say({ type: 'armed' });
  } else if (command.type === 'go' && armed) {
    const source = armed;
    const started = performance.now();
    const waits = await Promise.all(
      Array.from({ length: command.callers }, async () => {
        await source.getToken();
        return performance.now() - started;
      }),
    );
    say({ type: 'done', waits, tokenRequests: source.stats().tokenRequests });
    source.dispose();
  }
}
redis.destroy();
