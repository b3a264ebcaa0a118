import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStore, type TokenStore } from '../source/store.js';
import { runtimeTimers } from '../source/timers.js';
import { createTokenSource } from '../source/tokenSource.js';
import { flush } from './helpers/fakeTime.js';
import { deferred, failAnswer, fakeTransport } from './helpers/fakeTransport.js';
import { rejection, setup, testGrant } from './helpers/fixtures.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('dispose()', () => {
  it('clears the refresh timer', async () => {
    const { time, source } = setup();
    await source.getToken();
    await source.getToken();
    expect(time.pending()).toHaveLength(1);
    source.dispose();
    expect(time.pending()).toEqual([]);
  });

  it('aborts a pending token request; its waiting callers get TOK_DISPOSED', async () => {
    const { time, endpoint, source, events } = setup();
    endpoint.queue('hang');
    const callers = Array.from({ length: 3 }, () => rejection(source.getToken()));
    await flush();
    expect(time.pending().map((timer) => timer.ms)).toEqual([10_000]);
    source.dispose();
    expect(endpoint.calls[0]?.signal.aborted).toBe(true);
    for (const error of await Promise.all(callers)) expect(error).toMatchObject({ code: 'TOK_DISPOSED' });
    await flush();
    expect(time.pending()).toEqual([]);
    expect(events).toEqual([]);
  });

  it('stops a flight that sleeps between retries: no further request', async () => {
    const { time, endpoint, source } = setup({ retry: { retries: 3, baseDelayMs: 1_000 }, random: () => 0.5 });
    endpoint.setDefault(failAnswer(503));
    const failed = rejection(source.getToken());
    await flush();
    expect(endpoint.count).toBe(1);
    expect(time.pending().map((timer) => timer.ms)).toEqual([500]);
    source.dispose();
    expect(await failed).toMatchObject({ code: 'TOK_DISPOSED' });
    await time.advance(60_000);
    expect(endpoint.count).toBe(1);
    expect(time.pending()).toEqual([]);
  });

  it('makes later calls reject with TOK_DISPOSED without I/O; invalidate and peek do nothing', async () => {
    const { time, endpoint, source } = setup();
    const token = await source.getToken();
    source.dispose();
    await expect(source.getToken()).rejects.toMatchObject({ code: 'TOK_DISPOSED' });
    source.invalidate(token);
    source.invalidate();
    expect(source.peek()).toBeUndefined();
    await time.advance(10 * 3_600_000);
    expect(endpoint.count).toBe(1);
    expect(time.pending()).toEqual([]);
    source.dispose(); // twice is fine
  });

  it('stops a flight that was still looking up a shared store: nothing is sent, no timer is left', async () => {
    const { time, endpoint, source } = setup({ store: memoryStore() });
    const failed = rejection(source.getToken());
    source.dispose();
    expect(await failed).toMatchObject({ code: 'TOK_DISPOSED' });
    await flush();
    expect(endpoint.count).toBe(0);
    expect(time.pending()).toEqual([]);
  });

  it('drops a token that arrives while the store is saving it after dispose: no token, no timer', async () => {
    const saved = deferred<void>();
    let saving = false;
    const store: TokenStore = {
      get: () => undefined,
      set: () => {
        saving = true;
        return saved.promise;
      },
    };
    const { time, endpoint, source } = setup({ store });
    const failed = rejection(source.getToken());
    await vi.waitUntil(() => saving);
    source.dispose();
    saved.resolve();
    expect(await failed).toMatchObject({ code: 'TOK_DISPOSED' });
    expect(endpoint.count).toBe(1);
    expect(source.peek()).toBeUndefined();
    expect(time.pending()).toEqual([]);
  });
});

describe('runtime timers', () => {
  it('keep a Node process alive only for what a caller awaits: a background timer is unref’d', () => {
    const background = runtimeTimers.setTimeout(() => {}, 60_000, { background: true }) as NodeJS.Timeout;
    const awaited = runtimeTimers.setTimeout(() => {}, 60_000) as NodeJS.Timeout;
    try {
      expect(background.hasRef()).toBe(false);
      expect(awaited.hasRef()).toBe(true);
    } finally {
      runtimeTimers.clearTimeout(background);
      runtimeTimers.clearTimeout(awaited);
    }
  });

  it('clamp delays that setTimeout cannot hold instead of firing at once', () => {
    const set = vi.spyOn(globalThis, 'setTimeout');
    const handle = runtimeTimers.setTimeout(() => {}, 40 * 24 * 3_600_000);
    runtimeTimers.clearTimeout(handle);
    expect(set).toHaveBeenCalledWith(expect.any(Function), 2_147_483_647);
  });

  it("are what a source uses by default: its request timeout holds the process, its refresh timer is unref'd, dispose clears them", async () => {
    const handles = new Map<number, NodeJS.Timeout>();
    const realSet = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      const handle = realSet(callback, ms);
      handles.set(ms ?? 0, handle);
      return handle;
    }) as typeof setTimeout);
    const cleared = vi.spyOn(globalThis, 'clearTimeout');
    const endpoint = fakeTransport();
    const source = createTokenSource(testGrant(), { transport: endpoint.transport, random: () => 0 });
    try {
      await source.getToken();
      const timeout = handles.get(10_000);
      const refresh = [...handles].find(([ms]) => ms > 2_800_000 && ms <= 2_880_000)?.[1];
      // A caller awaited the request: its timeout kept the process alive (cleared once answered).
      expect(timeout).toBeDefined();
      expect(cleared).toHaveBeenCalledWith(timeout);
      expect(refresh?.hasRef()).toBe(false);
      source.dispose();
      expect(cleared).toHaveBeenCalledWith(refresh);
    } finally {
      source.dispose();
    }
  });
});
