import type { Timers } from '../../source/timers.js';

/** One timer set on {@link FakeTime.timers}. */
export interface FakeTimer {
  readonly id: number;
  /** The delay asked for. */
  readonly ms: number;
  /** When it fires on the fake clock. */
  readonly at: number;
}

/** A clock that only moves when told to, and timers that fire when it passes them. */
export interface FakeTime {
  /** Current fake time, epoch ms. */
  readonly now: number;
  readonly clock: () => number;
  readonly timers: Timers;
  /** Every delay ever asked of `timers.setTimeout`, in order (cleared or not). */
  readonly delays: readonly number[];
  /** Timers set and neither fired nor cleared. */
  pending(): FakeTimer[];
  /**
   * Moves the clock forward by `ms`, firing due timers in order (each at its own time) and letting
   * the promise jobs they start run before the next one fires.
   */
  advance(ms: number): Promise<void>;
  /** Moves the clock without firing anything (a process that was asleep, a slow event loop). */
  jump(ms: number): void;
}

/** Lets every queued promise job run, including the ones those jobs queue. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export function fakeTime(start = Date.UTC(2026, 0, 1, 12, 0, 0)): FakeTime {
  let now = start;
  let nextId = 1;
  const delays: number[] = [];
  const live = new Map<number, FakeTimer & { callback: () => void }>();

  const timers: Timers = {
    setTimeout(callback, ms) {
      const id = nextId++;
      delays.push(ms);
      live.set(id, { id, ms, at: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      if (typeof handle === 'number') live.delete(handle);
    },
  };

  const due = (until: number) => {
    let first: (FakeTimer & { callback: () => void }) | undefined;
    for (const timer of live.values()) {
      if (timer.at <= until && (!first || timer.at < first.at || (timer.at === first.at && timer.id < first.id))) first = timer;
    }
    return first;
  };

  return {
    get now() {
      return now;
    },
    clock: () => now,
    timers,
    delays,
    pending: () => [...live.values()].map(({ id, ms, at }) => ({ id, ms, at })),
    async advance(ms) {
      const target = now + ms;
      await flush();
      for (let timer = due(target); timer; timer = due(target)) {
        live.delete(timer.id);
        now = Math.max(now, timer.at);
        timer.callback();
        await flush();
      }
      now = target;
      await flush();
    },
    jump(ms) {
      now += ms;
    },
  };
}
