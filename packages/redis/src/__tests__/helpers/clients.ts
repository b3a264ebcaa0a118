// Both clients the store supports, connected to a test redis-server and closed after the test.
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { onTestFinished } from 'vitest';
import type { RedisClient } from '../../index.js';

export const CLIENTS = ['redis', 'ioredis'] as const;
export type ClientName = (typeof CLIENTS)[number];

/** A connected client that fails commands at once while disconnected, as the README advises. */
export async function connect(name: ClientName, url: string): Promise<RedisClient> {
  if (name === 'ioredis') {
    const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
    client.on('error', () => {});
    await client.connect();
    onTestFinished(() => void client.disconnect());
    return client;
  }
  const client = createClient({ url, disableOfflineQueue: true });
  client.on('error', () => {});
  await client.connect();
  onTestFinished(() => void client.destroy());
  return client;
}
