// In real workerd, a refresh a request starts in the background outlives the response only when
// the token source is given `waitUntil: ctx.waitUntil`: without it, workerd cancels the refresh
// once the response is sent (the "without" case shows the check below can fail).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtKeys } from '../jwtClients.js';
import { type RuntimeServers, startServers } from '../servers.js';
import { startWorkerd, type Workerd } from '../workerd.js';

interface Check {
  readonly current: string | null;
  readonly stats: { readonly tokenRequests: number; readonly failures: number; readonly cacheHits: number; readonly waits: number };
}
interface Issued {
  readonly accessToken: string;
}

let servers: RuntimeServers;
let worker: Workerd;
const output: string[] = [];

beforeAll(async () => {
  servers = await startServers(createJwtKeys());
  worker = await startWorkerd(servers.control, (line) => output.push(line));
}, 60_000);

afterAll(async () => {
  await worker?.close();
  await servers?.close();
});

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 500)}\nworkerd: ${output.join('\n')}`);
  return JSON.parse(text) as T;
}

const issued = async () => (await json<{ token: { issued: Issued[] } }>(`${servers.control}/state`)).token.issued;

/** Calls `read` until `done` holds for its answer, at most `timeoutMs`; the last answer either way. */
async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Resets the token server to issue 10 s tokens, the second one a second late (so that the refresh
 * is still in flight when the start step answers), and runs the start step.
 */
async function startRefresh(mode: 'with' | 'without') {
  await json(`${servers.control}/reset`, { method: 'POST' });
  await json(`${servers.control}/behave`, { method: 'POST', body: JSON.stringify([{ expiresIn: 10 }, { expiresIn: 10, delayMs: 1_000 }]) });
  const start = await json<{ first: string; hit: string; stats: Check['stats'] }>(`${worker.origin}/wait-until?mode=${mode}&step=start`);
  // The answer came before the refresh ended: the cache hit that started it served the first token.
  expect(start.hit).toBe(start.first);
  expect(start.stats).toMatchObject({ waits: 1, cacheHits: 1 });
  const check = () => json<Check>(`${worker.origin}/wait-until?mode=${mode}&step=check`);
  return { first: start.first, check };
}

describe('waitUntil in workerd', { timeout: 60_000 }, () => {
  it('keeps a background refresh alive after the response: the next request sees the new token', async () => {
    const { first, check } = await startRefresh('with');
    const tokens = await poll(issued, (list) => list.length >= 2, 15_000);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]?.accessToken).toBe(first);
    const refreshed = tokens[1]?.accessToken;
    const after = await poll(check, (answer) => answer.current === refreshed, 10_000);
    expect(after.current).toBe(refreshed);
    expect(after.stats).toMatchObject({ tokenRequests: 2, failures: 0 });
  });

  it('without it, workerd cancels the refresh once the response is sent: the old token stays', async () => {
    const { first, check } = await startRefresh('without');
    // With waitUntil the new token arrives about a second after the response; give it three. What
    // workerd cancels never reaches the token server, and the source neither gets a token nor fails.
    const after = await poll(check, (answer) => answer.current !== first, 3_000);
    expect(after.current).toBe(first);
    expect(after.stats.failures).toBe(0);
    expect((await issued()).map((token) => token.accessToken)).toEqual([first]);
  });
});
