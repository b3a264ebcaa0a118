/** The timer functions a token source uses; inject fakes in tests. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

// setTimeout overflows past 2^31-1 ms (~24.8 days) and fires at once; a long-lived token waits longer.
const MAX_DELAY = 2_147_483_647;

/**
 * The runtime's timers, looked up when called (never at import). On Node and Bun each timer is
 * `unref`ed: a cached token never keeps a process alive. Delays past `setTimeout`'s limit (~24.8
 * days) are clamped to it rather than firing at once. The default of a token source's `timers`.
 *
 * @see {@link Timers}
 * @see {@link TokenSourceOptions}
 * @example
 * ```ts
 * // Log what the source schedules, and keep the runtime's behaviour.
 * const timers: Timers = {
 *   setTimeout(callback, ms) {
 *     console.debug(`tok: timer in ${ms} ms`);
 *     return runtimeTimers.setTimeout(callback, ms);
 *   },
 *   clearTimeout: (handle) => runtimeTimers.clearTimeout(handle),
 * };
 * const source = createTokenSource(grant, { transport: fetchTransport(fetch), timers });
 * ```
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
