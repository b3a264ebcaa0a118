// The cross-process lock of a token request: a lease in Redis (`SET NX PX`) holding a random
// fencing value, renewed while its holder works and released by scripts that touch it only if it
// still holds that value, so that a holder whose lease ran out never extends or releases its
// successor's. A holder that dies (or stalls) loses it when it expires; the others poll meanwhile.
import type { Command } from './client.js';

// Take the lease if it is free; otherwise a digest of the token stored now (0 for none), so that a
// waiter sees the token appear without taking a turn at the lease.
const ACQUIRE =
  "if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end " +
  "local token = redis.call('get', KEYS[2]) if token then return redis.sha1hex(token) end return 0";
// Compare-and-delete: only the holder releases.
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";
// Compare-and-extend: only the holder renews.
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0";

/** How long a lease lasts and how long a process waits for one. */
export interface LeaseTiming {
  readonly leaseMs: number;
  readonly waitMs: number;
  /** The first pause between two tries; it grows to {@link MAX_POLL_MS}. */
  readonly pollMs: number;
}

// Waiters poll at least this often: what a waiter may lag behind the token it waits for. (Pub/sub
// would save at most this, for a second connection per process in subscriber mode.)
const MAX_POLL_MS = 20;

/**
 * Runs `work` while holding the lease `leaseKey` (renewed every third of `leaseMs`), giving it the
 * fencing value; waits its turn up to `waitMs` (then throws: the caller goes on without the lease).
 * A waiter that sees another token stored at `tokenKey` than when it started waiting runs `work`
 * at once, without the lease and its fencing value: `work` reads the store first and finds it.
 * The release is awaited; its failure is ignored: the lease then expires on its own.
 */
export async function withLease<T>(
  command: Command,
  /** Sends the renewals and the release even while the store skips Redis after a failure: a lease left behind holds up the fleet. */
  release: Command,
  leaseKey: string,
  tokenKey: string,
  timing: LeaseTiming,
  work: (fence: string | undefined) => Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  const deadline = Date.now() + timing.waitMs;
  let pause = timing.pollMs;
  let seen: unknown;
  for (;;) {
    if (signal?.aborted) throw new Error('the token source was disposed while waiting for the lease');
    const fence = randomFence();
    const answer = await command(['EVAL', ACQUIRE, '2', leaseKey, tokenKey, fence, String(timing.leaseMs)]);
    // Another token than the one stored when this waiter began: the holder has stored its token.
    if (seen !== undefined && answer !== seen && typeof answer === 'string') return work(undefined);
    seen ??= answer;
    if (answer === 1) {
      // A slow token request (retries, a slow endpoint) keeps its lease while its process lives.
      const renewal = setInterval(() => void release(['EVAL', RENEW, '1', leaseKey, fence, String(timing.leaseMs)]).catch(() => {}), timing.leaseMs / 3);
      try {
        return await work(fence);
      } finally {
        clearInterval(renewal);
        // Awaited (within the command timeout): a process that exits right after its token must not
        // leave the lease to hold up the others until it expires.
        await release(['EVAL', RELEASE, '1', leaseKey, fence]).catch(() => {});
      }
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`another process held the lease for over ${timing.waitMs} ms`);
    // Jittered, so that waiters that started together do not all try at the same moment.
    await sleep(Math.min(left, pause * (0.5 + Math.random() / 2)), signal);
    pause = Math.min(pause * 1.5, MAX_POLL_MS);
  }
}

function randomFence(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

// A caller waits on this pause: it keeps the process alive. dispose() ends it.
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
