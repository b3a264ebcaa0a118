// A flight that never settles is given up at twice its deadline: on a Worker, a refresh started by
// a request that ended without waitUntil loses its I/O and its timers, and without this rule every
// later call would wait on it forever (after expiry, fail with the runtime's "request has ended").
// Simulated here as the runtime does it: the transport never answers and no timer fires.
import { describe, expect, it, vi } from 'vitest';
import type { Timers } from '../source/timers.js';
import { createTokenSource } from '../source/tokenSource.js';
import { deferred, fakeTransport, tokenAnswer } from './helpers/fakeTransport.js';
import { testGrant } from './helpers/fixtures.js';

// Timers of a request context that has ended: nothing scheduled ever runs.
const deadTimers: Timers = { setTimeout: () => 0, clearTimeout: () => {} };
const DEADLINE_MS = 30_000;

function world() {
  let now = 1_000_000;
  const endpoint = fakeTransport('hang');
  const source = createTokenSource(testGrant(), { transport: endpoint.transport, clock: () => now, timers: deadTimers, random: () => 0, deadlineMs: DEADLINE_MS });
  return { endpoint, source, advance: (ms: number) => void (now += ms) };
}

describe('a flight that never settles', () => {
  it('is shared until twice its deadline has passed, then a call starts a new one', async () => {
    const { endpoint, source, advance } = world();
    const pending = source.getToken();
    await vi.waitFor(() => expect(endpoint.count).toBe(1));
    advance(2 * DEADLINE_MS - 1);
    // Still the one flight: the same promise, no new request.
    expect(source.getToken()).toBe(pending);

    advance(1);
    const next = source.getToken();
    expect(next).not.toBe(pending);
    const token = await next;
    expect(endpoint.count).toBe(2);
    expect(endpoint.issued).toEqual([token.accessToken]);
    expect(source.peek()).toBe(token);
    source.dispose();
  });

  it('does not disturb the state when it settles after all', async () => {
    let now = 1_000_000;
    const late = deferred<ReturnType<typeof tokenAnswer>>();
    const endpoint = fakeTransport(late.promise);
    const source = createTokenSource(testGrant(), { transport: endpoint.transport, clock: () => now, timers: deadTimers, random: () => 0, deadlineMs: DEADLINE_MS });
    const first = source.getToken();
    now += 2 * DEADLINE_MS;
    const fresh = await source.getToken();
    late.resolve(tokenAnswer({ accessToken: 'late-token' }));
    // Its own callers get its token; the source keeps the newer one.
    expect((await first).accessToken).toBe('late-token');
    expect(source.peek()?.accessToken).toBe(fresh.accessToken);
    expect(await source.getToken()).toBe(fresh);
    source.dispose();
  });
});
