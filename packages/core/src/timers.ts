/** The timer functions a token source uses; inject fakes in tests. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

// setTimeout overflows past 2^31-1 ms (~24.8 days) and fires at once; a long-lived token waits longer.
const MAX_DELAY = 2_147_483_647;

/**
 * The runtime's timers, looked up when called (never at import). On Node and Bun each timer is
 * `unref`ed: a cached token never keeps a process alive.
 */
export const runtimeTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = globalThis.setTimeout(callback, Math.min(Math.max(0, ms), MAX_DELAY)) as unknown as { unref?: () => void };
    handle.unref?.();
    return handle;
  },
  clearTimeout(handle) {
    globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
