// Expiry boundaries: 2 s tokens, requests at a steady 50 per second for 5 s (open loop: one every
// 20 ms, whether or not earlier ones have finished), after one warm-up request that obtains the
// first token; the window crosses at least two expiries. One library at a time, each against its
// own servers, so that one library's token storm never slows another's requests.
import { type Context, envFor, withPair } from '../context.js';
import { type Contender, load } from '../contenders.js';
import type { Pair } from '../servers.js';
import { alternate, deadline, progress, reason, sleep } from '../util.js';

export interface ExpiryOptions {
  readonly lifetimeS: number;
  readonly durationMs: number;
  readonly perSecond: number;
}

export interface ExpiryResult {
  readonly requests: number;
  readonly tokenRequests: number;
  /**
   * Requests that waited on a token fetch, at least: the token they reached the API with was issued
   * after the caller made the request, so the call had to wait for that token request to finish.
   * (A call made while a token response was on its way, or being processed, waited too but is not
   * seen here: a lower bound, for every library alike.)
   */
  readonly waited: number;
  /** The library's own count of waits in the window, where it keeps one (tok's `stats().waits`): exact. */
  readonly ownWaits: number | undefined;
  /** 401s the API sent for a token it no longer accepts (a request that was retried still counts). */
  readonly expired401: number;
  /** 401s for a request sent without any token. */
  readonly noToken401: number;
  /** Requests whose caller got no 200 in the end. */
  readonly failed: number;
}

export type ExpiryCell = ExpiryResult | { readonly error: string };

export async function measureExpiry(context: Context, list: readonly Contender[], options: ExpiryOptions): Promise<Map<string, ExpiryCell>> {
  const results = new Map<string, ExpiryCell>();
  const one = async (contender: Contender) => {
    try {
      results.set(contender.id, await withPair(context, { expiresIn: options.lifetimeS }, (pair) => run(context, pair, contender, options)));
    } catch (error) {
      results.set(contender.id, { error: reason(error) });
    }
    progress(`expiry boundaries: ${results.size}/${list.length} (${contender.name})`);
  };
  // The reverse of the list order, as the phases before and after run in list order first.
  for (const contender of alternate(list, 1)) await one(contender);
  return new Map(list.map((contender) => [contender.id, results.get(contender.id)!]));
}

const now = () => performance.timeOrigin + performance.now();

async function run(context: Context, pair: Pair, contender: Contender, options: ExpiryOptions): Promise<ExpiryResult> {
  const instance = (await load(contender))(envFor(context, pair, options.lifetimeS));
  try {
    const warm = await deadline(instance.request('/items?warm-up'), 20_000, 'the warm-up request');
    if (warm !== 200) throw new Error(`warm-up request answered ${warm}`);
    const windowStart = Date.now();
    const waitsBefore = instance.waits?.();
    const count = Math.round((options.durationMs / 1000) * options.perSecond);
    const interval = 1000 / options.perSecond;
    const started: number[] = [];
    const ok: boolean[] = [];
    const pending: Promise<void>[] = [];
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      const due = t0 + i * interval - performance.now();
      if (due > 0) await sleep(due);
      started[i] = now();
      pending.push(
        instance.request(`/items?i=${i}`).then(
          (status) => void (ok[i] = status === 200),
          () => void (ok[i] = false),
        ),
      );
    }
    await deadline(Promise.all(pending), 60_000, 'the expiry-boundary requests');
    const waitsAfter = instance.waits?.();
    const [stats, offset] = [await pair.stats(), await context.host.clockOffset()];
    // The window's requests, by the index in their path (the warm-up request has none).
    const api = stats.api.flatMap((record) => {
      const match = /[?&]i=(\d+)/.exec(record.path);
      return match ? [{ ...record, index: Number(match[1]) }] : [];
    });
    const waited = new Set<number>();
    for (const record of api) {
      // Both times on the server process's clock.
      if (record.tokenIssuedAt !== null && record.tokenIssuedAt > started[record.index]! + offset) waited.add(record.index);
    }
    return {
      requests: count,
      tokenRequests: stats.tokenTimes.filter((time) => time >= windowStart).length,
      waited: waited.size,
      ownWaits: waitsBefore === undefined || waitsAfter === undefined ? undefined : waitsAfter - waitsBefore,
      expired401: api.filter((record) => record.status === 401 && record.hasToken).length,
      noToken401: api.filter((record) => record.status === 401 && !record.hasToken).length,
      failed: count - ok.filter(Boolean).length,
    };
  } finally {
    instance.dispose?.();
  }
}
