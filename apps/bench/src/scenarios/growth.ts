// Cold stampedes: N callers at once on a client that has no token yet (fresh servers, fresh
// client), N = 10 … 10,000. Token requests made, requests that failed, and the p99 latency added
// over the fixed-header baseline on the same HTTP client at the same N. The order alternates
// between levels.
import { performance } from 'node:perf_hooks';
import { type Context, directToken, envFor, withPair } from '../context.js';
import { type ClientKind, type Contender, load, loadBaseline } from '../contenders.js';
import type { Pair } from '../servers.js';
import { quantile } from '../stats.js';
import { alternate, deadline, progress, reason } from '../util.js';
import type { Instance } from '../wiring/types.js';

export interface GrowthOptions {
  /** Concurrent callers. */
  readonly levels: readonly number[];
  /** Run the fixed-header baselines too (for added latency). */
  readonly baselines: boolean;
  /**
   * The whole phase's time. Runs of up to 1,000 callers always run (20 s at most each: the table's
   * cold-stampede column); the runs of more callers share what is left equally (2 s to 30 s each).
   * A run that needs longer is cut and reported as such, with what it had done by then.
   */
  readonly budgetMs: number;
}

export interface StampedeResult {
  readonly tokenRequests: number;
  readonly failed: number;
  readonly p99Ms: number;
  /** First failure, to say what went wrong. */
  readonly firstFailure: string | undefined;
}

/** A run cut at its time limit: what it had done by then. */
export interface Unfinished {
  readonly limitMs: number;
  readonly tokenRequests: number;
  readonly done: number;
}

export type StampedeCell = StampedeResult | { readonly unfinished: Unfinished } | { readonly error: string };

/** Per contender id (and `baseline:<kind>`), per N. */
export type GrowthResults = Map<string, Map<number, StampedeCell>>;

const SMALL_RUN_MS = 20_000;
const MAX_RUN_MS = 30_000;
const MIN_RUN_MS = 2_000;

interface Runner {
  readonly id: string;
  create(pair: Pair): Promise<Instance>;
}

export async function measureGrowth(context: Context, list: readonly Contender[], options: GrowthOptions): Promise<GrowthResults> {
  const phaseEnd = performance.now() + options.budgetMs;
  const runners: Runner[] = [];
  if (options.baselines) {
    for (const kind of new Set(list.map((contender) => contender.client))) {
      const baseline = await loadBaseline(kind);
      runners.push({ id: baselineId(kind), create: async (pair) => baseline(envFor(context, pair, 3600), await directToken(pair)) });
    }
  }
  for (const contender of list) {
    runners.push({ id: contender.id, create: async (pair) => (await load(contender))(envFor(context, pair, 3600)) });
  }

  const results: GrowthResults = new Map(runners.map(({ id }) => [id, new Map()]));
  let largeLeft = options.levels.filter((n) => n > 1_000).length * runners.length;
  for (const [level, n] of options.levels.entries()) {
    for (const runner of alternate(runners, level)) {
      const limit = n <= 1_000 ? SMALL_RUN_MS : Math.min(MAX_RUN_MS, Math.max(MIN_RUN_MS, (phaseEnd - performance.now()) / largeLeft--));
      try {
        results.get(runner.id)!.set(n, await withPair(context, { expiresIn: 3600 }, (pair) => stampede(pair, runner.create, n, limit)));
      } catch (error) {
        results.get(runner.id)!.set(n, { error: reason(error) });
      }
    }
    progress(`cold stampede: ${n} concurrent callers done`);
  }
  return results;
}

export const baselineId = (kind: ClientKind) => `baseline:${kind}`;

async function stampede(pair: Pair, create: (pair: Pair) => Promise<Instance>, n: number, limitMs: number): Promise<StampedeCell> {
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
  } catch {
    // Cut at its time limit: what it had done is the result.
  } finally {
    instance.dispose?.();
  }
  if (latencies.length < n) return { unfinished: { limitMs, tokenRequests: (await pair.stats()).tokenTimes.length - before, done: latencies.length } };
  const after = (await pair.stats()).tokenTimes.length;
  return { tokenRequests: after - before, failed, p99Ms: quantile(latencies, 0.99), firstFailure };
}
