// Cold stampedes: N callers at once on a client that has no token yet (fresh servers, fresh
// client), N = 10 … 10,000. Token requests made, requests that failed, and the p99 latency added
// over the fixed-header baseline on the same HTTP client at the same N. Small N are repeated (p99 of
// ten requests is their slowest one) and the median p99 taken; the order alternates.
import { performance } from 'node:perf_hooks';
import { type Context, directToken, envFor, withPair } from '../context.js';
import { type ClientKind, type Contender, load, loadBaseline } from '../contenders.js';
import type { Pair } from '../servers.js';
import { median, quantile } from '../stats.js';
import { alternate, deadline, progress, reason } from '../util.js';
import type { Instance } from '../wiring/types.js';

export interface GrowthOptions {
  /** Concurrent callers, and how many times each level runs. */
  readonly levels: readonly { readonly n: number; readonly repeat: number }[];
  /** Run the fixed-header baselines too (for added latency). */
  readonly baselines: boolean;
  /**
   * The whole phase's time. Each run gets a share of what is left in proportion to its callers (at
   * least 100), between 3 s and 30 s; a run that needs longer is cut and reported as such.
   */
  readonly budgetMs: number;
}

export interface StampedeResult {
  /** Fewest and most token requests over the repeats. */
  readonly tokenRequests: readonly [number, number];
  /** Most failures over the repeats. */
  readonly failed: number;
  /** Median over the repeats of the p99 latency. */
  readonly p99Ms: number;
  /** First failure, to say what went wrong. */
  readonly firstFailure: string | undefined;
}

export type StampedeCell = StampedeResult | { readonly error: string };

/** Per contender id (and `baseline:<kind>`), per N. */
export type GrowthResults = Map<string, Map<number, StampedeCell>>;

const MAX_RUN_MS = 30_000;
const MIN_RUN_MS = 3_000;

interface Runner {
  readonly id: string;
  create(pair: Pair): Promise<Instance>;
}

interface Run {
  readonly tokenRequests: number;
  readonly failed: number;
  readonly p99Ms: number;
  readonly firstFailure: string | undefined;
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

  const runs = new Map<string, Map<number, Run[]>>(runners.map(({ id }) => [id, new Map()]));
  const errors = new Map<string, Map<number, string>>(runners.map(({ id }) => [id, new Map()]));
  const weight = (n: number) => Math.max(100, n);
  let weightLeft = options.levels.reduce((sum, level) => sum + weight(level.n) * level.repeat * runners.length, 0);
  let round = 0;
  for (const { n, repeat } of options.levels) {
    for (let r = 0; r < repeat; r++, round++) {
      for (const runner of alternate(runners, round)) {
        const share = ((phaseEnd - performance.now()) * weight(n)) / weightLeft;
        weightLeft -= weight(n);
        if (errors.get(runner.id)!.has(n)) continue;
        if (share < MIN_RUN_MS && n > 100) {
          errors.get(runner.id)!.set(n, "skipped: the phase's time budget was spent");
          continue;
        }
        try {
          const run = await withPair(context, { expiresIn: 3600 }, (pair) => stampede(pair, runner.create, n, Math.min(MAX_RUN_MS, Math.max(MIN_RUN_MS, share))));
          const byN = runs.get(runner.id)!;
          byN.set(n, [...(byN.get(n) ?? []), run]);
        } catch (error) {
          errors.get(runner.id)!.set(n, reason(error));
        }
      }
    }
    progress(`cold stampede: ${n} concurrent callers done`);
  }

  const results: GrowthResults = new Map();
  for (const { id } of runners) {
    const row = new Map<number, StampedeCell>();
    for (const { n } of options.levels) {
      const error = errors.get(id)!.get(n);
      const done = runs.get(id)!.get(n) ?? [];
      if (error !== undefined || done.length === 0) {
        row.set(n, { error: error ?? 'not run' });
        continue;
      }
      const tokens = done.map((run) => run.tokenRequests);
      row.set(n, {
        tokenRequests: [Math.min(...tokens), Math.max(...tokens)],
        failed: Math.max(...done.map((run) => run.failed)),
        p99Ms: median(done.map((run) => run.p99Ms)),
        firstFailure: done.find((run) => run.firstFailure !== undefined)?.firstFailure,
      });
    }
    results.set(id, row);
  }
  return results;
}

export const baselineId = (kind: ClientKind) => `baseline:${kind}`;

async function stampede(pair: Pair, create: (pair: Pair) => Promise<Instance>, n: number, limitMs: number): Promise<Run> {
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
    await deadline(Promise.all(Array.from({ length: n }, one)), limitMs, `${n.toLocaleString('en-US')} concurrent requests`);
  } catch (error) {
    const tokens = (await pair.stats()).tokenTimes.length - before;
    throw new Error(`${reason(error)}: ${tokens.toLocaleString('en-US')} token requests and ${latencies.length.toLocaleString('en-US')} requests done by then`);
  } finally {
    instance.dispose?.();
  }
  const after = (await pair.stats()).tokenTimes.length;
  return { tokenRequests: after - before, failed, p99Ms: quantile(latencies, 0.99), firstFailure };
}
