/** The timer functions a token source uses; inject fakes in tests. */
export interface Timers {
  /**
   * `background` marks a timer nobody awaits (the refresh ahead of expiry): a runtime may let the
   * process exit while only such timers are pending. Every other timer (a backoff, a request
   * timeout) has a caller waiting on it and must keep the process alive.
   */
  setTimeout(callback: () => void, ms: number, options?: { background?: boolean }): unknown;
  clearTimeout(handle: unknown): void;
}

// setTimeout overflows past 2^31-1 ms (~24.8 days) and fires at once; a long-lived token waits longer.
const MAX_DELAY = 2_147_483_647;

/**
 * The runtime's timers, looked up when called (never at import). On Node and Bun a `background`
 * timer is `unref`ed: a cached token's refresh never keeps a process alive, while a backoff or a
 * request timeout that a caller awaits does (a script must not exit in the middle of a retry). Delays past `setTimeout`'s limit (~24.8
 * days) are clamped to it rather than firing at once. The default of a token source's `timers`.
 *
 * @see {@link Timers}
 * @see {@link TokenSourceOptions}
 * @example
 * ```ts
 * // Log what the source schedules, and keep the runtime's behaviour.
 * const timers: Timers = {
 *   setTimeout(callback, ms, options) {
 *     console.debug(`tok: timer in ${ms} ms`);
 *     return runtimeTimers.setTimeout(callback, ms, options);
 *   },
 *   clearTimeout: (handle) => runtimeTimers.clearTimeout(handle),
 * };
 * const source = createTokenSource(grant, { transport: fetchTransport(fetch), timers });
 * ```
 */
export const runtimeTimers: Timers = {
  setTimeout(callback, ms, options) {
    const handle = globalThis.setTimeout(callback, Math.min(Math.max(0, ms), MAX_DELAY)) as unknown as { unref?: () => void };
    if (options?.background) handle.unref?.();
    return handle;
  },
  clearTimeout(handle) {
    globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
