// Cold stampedes: N callers at once on a client that has no token yet (fresh servers, fresh
// client), N = 10 … 10,000. Token requests made, requests that failed, and the p99 latency added
// over the fixed-header baseline on the same HTTP client at the same N.
import { performance } from 'node:perf_hooks';
import { type Context, directToken, envFor, withPair } from '../context.js';
import { type ClientKind, type Contender, load, loadBaseline } from '../contenders.js';
import type { Pair } from '../servers.js';
import { quantile } from '../stats.js';
import { alternate, deadline, progress, reason } from '../util.js';
import type { Instance } from '../wiring/types.js';

export interface StampedeResult {
  readonly tokenRequests: number;
  readonly failed: number;
  readonly p99Ms: number;
  /** First failure, to say what went wrong. */
  readonly firstFailure: string | undefined;
}

export type StampedeCell = StampedeResult | { readonly error: string };

/** Per contender id (and `baseline:<kind>`), per N. */
export type GrowthResults = Map<string, Map<number, StampedeCell>>;

/** No single stampede may take longer than this; less when the run's budget is nearly spent. */
const STAMPEDE_TIMEOUT_MS = 30_000;
const MIN_STAMPEDE_MS = 5_000;

export async function measureGrowth(context: Context, list: readonly Contender[], levels: readonly number[]): Promise<GrowthResults> {
  const results: GrowthResults = new Map();
  const kinds = [...new Set(list.map((contender) => contender.client))];
  const runners: { id: string; create: (pair: Pair) => Promise<Instance> }[] = [];
  for (const kind of kinds) {
    const baseline = await loadBaseline(kind);
    runners.push({ id: baselineId(kind), create: async (pair) => baseline(envFor(context, pair, 3600), await directToken(pair)) });
  }
  for (const contender of list) {
    runners.push({ id: contender.id, create: async (pair) => (await load(contender))(envFor(context, pair, 3600)) });
  }
  for (const [level, n] of levels.entries()) {
    for (const runner of alternate(runners, level)) {
      const row = results.get(runner.id) ?? new Map<number, StampedeCell>();
      results.set(runner.id, row);
      const remaining = context.budgetEnd - performance.now();
      if (remaining < MIN_STAMPEDE_MS) {
        row.set(n, { error: "skipped: the run's time budget was spent" });
        continue;
      }
      try {
        const limit = Math.min(STAMPEDE_TIMEOUT_MS, remaining);
        row.set(n, await withPair(context, { expiresIn: 3600 }, (pair) => stampede(pair, runner.create, n, limit)));
      } catch (error) {
        row.set(n, { error: reason(error) });
      }
    }
    progress(`cold stampede: ${n} concurrent callers done`);
  }
  return results;
}

export const baselineId = (kind: ClientKind) => `baseline:${kind}`;

async function stampede(pair: Pair, create: (pair: Pair) => Promise<Instance>, n: number, limitMs: number): Promise<StampedeResult> {
  const instance = await create(pair);
  const before = (await pair.stats()).tokenTimes.length;
  const latencies: number[] = [];
  let failed = 0;
  let firstFailure: string | undefined;
  const fail = (why: string) => {
    failed++;
    firstFailure ??= why;
  };
  const one = async () => {
    const start = performance.now();
    try {
      const status = await instance.request('/items');
      latencies.push(performance.now() - start);
      if (status !== 200) fail(`HTTP ${status}`);
    } catch (error) {
      latencies.push(performance.now() - start);
      fail(reason(error));
    }
  };
  try {
    await deadline(Promise.all(Array.from({ length: n }, one)), limitMs, `${n} concurrent requests`);
  } catch (error) {
    const tokens = (await pair.stats()).tokenTimes.length - before;
    throw new Error(`${reason(error)}: ${tokens} token requests and ${latencies.length} of ${n} requests done by then`);
  } finally {
    instance.dispose?.();
  }
  const after = (await pair.stats()).tokenTimes.length;
  return { tokenRequests: after - before, failed, p99Ms: quantile(latencies, 0.99), firstFailure };
}
