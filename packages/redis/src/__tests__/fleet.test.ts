// Eight Node processes sharing one real redis-server, half on node-redis and half on ioredis, as
// replicas of one service: what they ask of the token endpoint together.
import { randomBytes } from 'node:crypto';
import { defaultClient, startTokenServer, type TokenServer } from '@tok/test-utils';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Fleet, startFleet } from './helpers/fleet.js';
import { type RedisServer, startRedisServer } from './helpers/redisServer.js';

const SIZE = 8;
const LEASE_MS = 1_500;
const sealKey = randomBytes(32).toString('base64');

let redis: RedisServer;
let tokens: TokenServer;
let fleet: Fleet;
let scopes = 0;
// A scope no process has seen: a cold start for the whole fleet.
const newScope = () => `fleet-${++scopes}`;
// Token requests for one scope: what one test caused, whatever the sources of other tests do.
const requestsFor = (scope: string) => tokens.requests.filter((request) => request.path === '/token' && request.fields.scope === scope);

beforeAll(async () => {
  redis = await startRedisServer();
  // Each token request takes a while, as a real one does: the fleet's callers overlap with it.
  tokens = await startTokenServer({ latencyMs: 50 });
  fleet = await startFleet(SIZE, {
    REDIS_URL: redis.url,
    TOKEN_URL: tokens.url,
    CLIENT_ID: defaultClient.clientId,
    CLIENT_SECRET: defaultClient.clientSecret,
    SEAL_KEY: sealKey,
    LEASE_MS: String(LEASE_MS),
  });
}, 60_000);

afterAll(async () => {
  await fleet?.close();
  await tokens?.close();
  await redis?.stop();
});

const sum = (answers: Record<string, any>[], field: (answer: Record<string, any>) => number) => answers.reduce((total, answer) => total + field(answer), 0);

describe('a fleet of 8 processes on one Redis', () => {
  it('8 processes × 200 cold callers at once: exactly 1 token request, one token for all', async () => {
    const scope = newScope();
    const answers = await fleet.all({ type: 'round', scope, callers: 200 });
    expect(sum(answers, (a) => a.failed)).toBe(0);
    expect(sum(answers, (a) => a.ok)).toBe(SIZE * 200);
    expect(new Set(answers.flatMap((a) => a.tokens)).size).toBe(1);
    expect(requestsFor(scope)).toHaveLength(1);
    // One process fetched; the seven others took its token from Redis.
    expect(answers.filter((a) => a.events['from endpoint'] === 1)).toHaveLength(1);
    expect(answers.filter((a) => a.events['from store'] === 1)).toHaveLength(SIZE - 1);
    expect(answers.every((a) => !Object.keys(a.events).some((name) => name.startsWith('store-failed')))).toBe(true);
  });

  it('redis-cli sees no token and no secret in clear: keys are hashes, values sealed', async () => {
    const answers = await fleet.all({ type: 'round', scope: newScope(), callers: 1 });
    const [token] = answers[0]?.tokens as string[];
    const keys = (await redis.cli('KEYS', '*')).split('\n').filter(Boolean);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    const dump = [...keys];
    for (const key of keys) {
      expect(key).toMatch(/^tok:[0-9a-f]{64}$/);
      const value = await redis.cli('GET', key);
      expect(value.startsWith('s1.')).toBe(true);
      dump.push(value);
    }
    const text = dump.join('\n');
    const secret = defaultClient.clientSecret;
    for (const clear of [token as string, ...tokens.issued.map((t) => t.accessToken), secret, encodeURIComponent(secret), btoa(`${defaultClient.clientId}:${secret}`), sealKey]) {
      expect(text).not.toContain(clear);
    }
  });

  it('2 s tokens for 10 s under steady traffic: one token request per lifetime, callers served from memory after the first wait', async () => {
    tokens.setDefault({ expiresIn: 2 });
    try {
      const scope = newScope();
      const answers = await fleet.all({ type: 'load', scope, ms: 10_000, loops: 4, every: 10 });
      const requests = requestsFor(scope);
      expect(sum(answers, (a) => a.failed)).toBe(0);
      // A 2 s token is refreshed 1 s after it is issued (0.9 s with jitter): about 10 in 10 s on an
      // idle machine, never two within 500 ms; 8 processes alone would make 80. A CI machine that
      // runs everything at once starves processes past refresh points (seen: 22), so the bound here
      // is what tells sharing from none.
      expect(requests.length).toBeGreaterThanOrEqual(5);
      expect(requests.length).toBeLessThanOrEqual(30);
      // Each process's 4 callers wait for the cold start; after that the refresh ahead replaces the
      // token before it expires, so calls are served from memory. On an idle machine that is exactly
      // one wait per caller; a CI machine running everything at once can starve a process past a
      // 2 s token's expiry now and then, so up to five more per caller pass. Without a working refresh
      // ahead across processes every lifetime (about 10 here) would cost every caller a wait.
      for (const { stats } of answers) {
        expect(stats.waits).toBeGreaterThanOrEqual(4);
        expect(stats.waits).toBeLessThanOrEqual(24);
      }
      expect(answers.every((a) => !Object.keys(a.events).some((name) => name.startsWith('store-failed')))).toBe(true);
    } finally {
      tokens.setDefault({});
    }
  }, 30_000);

  it('Redis stopped mid-run: every call still succeeds; sharing resumes once it is back', async () => {
    tokens.setDefault({ expiresIn: 2 });
    try {
      const running = fleet.all({ type: 'load', scope: newScope(), ms: 6_000, loops: 4, every: 10 });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await redis.stop();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await redis.start();
      const answers = await running;
      expect(sum(answers, (a) => a.failed)).toBe(0);
      expect(sum(answers, (a) => a.ok)).toBeGreaterThan(SIZE * 100);
      // Tokens expired while Redis was down: the processes fetched their own, and said why.
      expect(answers.filter((a) => Object.keys(a.events).some((name) => name.startsWith('store-failed'))).length).toBeGreaterThan(0);
    } finally {
      tokens.setDefault({});
    }
    // Back to one request for the fleet, once the clients have reconnected (bounded).
    let shared = false;
    for (let attempt = 0; attempt < 20 && !shared; attempt++) {
      const scope = newScope();
      const answers = await fleet.all({ type: 'round', scope, callers: 20 });
      expect(sum(answers, (a) => a.failed)).toBe(0);
      shared = requestsFor(scope).length === 1;
      if (!shared) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(shared).toBe(true);
  }, 45_000);

  it('the lease holder killed mid-request: another process gets the token within the lease, nobody hangs', async () => {
    // The first token request never gets an answer; its process is killed while it waits.
    const scope = newScope();
    tokens.behave({ hang: true });
    const holder = fleet.first('sending');
    const pending = fleet.send({ type: 'round', scope, callers: 50 });
    const killed = await holder;
    // Mid-flight: its request has reached the token endpoint.
    await vi.waitUntil(() => requestsFor(scope).length > 0, { timeout: 10_000, interval: 5 });
    const killedAt = Date.now();
    killed.child.kill('SIGKILL');
    await expect(pending[killed.index]).rejects.toThrow(/exited/);
    const answers = await Promise.all(pending.filter((_, i) => i !== killed.index));
    const tookMs = Date.now() - killedAt;
    expect(answers).toHaveLength(SIZE - 1);
    expect(sum(answers, (a) => a.failed)).toBe(0);
    expect(new Set(answers.flatMap((a) => a.tokens)).size).toBe(1);
    // The hung request and one more: the lease passed to one survivor, not to all seven.
    expect(requestsFor(scope)).toHaveLength(2);
    // Within the lease (1.5 s), plus a token request and generous slack for a loaded machine.
    expect(tookMs).toBeLessThan(LEASE_MS + 4_000);
  }, 30_000);
});

