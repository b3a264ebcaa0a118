// Per-request overhead: each contender against a fixed-header baseline on the same HTTP client,
// one request of each in turn (which goes first alternates), with a warm token cache. Per round,
// (median time with the library) / (median time with the baseline); reported as the median and
// interquartile range over rounds. Medians, because on a shared machine a preempted request
// would otherwise decide a round. A baseline against a second copy of itself gives the noise floor.
import { performance } from 'node:perf_hooks';
import { type Context, directToken, envFor, withPair } from '../context.js';
import { type ClientKind, type Contender, load, loadBaseline } from '../contenders.js';
import { median, type Spread, spread } from '../stats.js';
import { alternate, deadline, progress, reason } from '../util.js';
import type { Instance } from '../wiring/types.js';

export interface OverheadOptions {
  /** At most this many rounds… */
  readonly rounds: number;
  /** …and no new round once the phase has taken this long, after at least `minRounds`. */
  readonly budgetMs: number;
  readonly minRounds: number;
  /** Request pairs (library + baseline) per round. */
  readonly pairs: number;
}

export type OverheadResult =
  | {
      readonly ratio: Spread;
      readonly baselineUs: number;
      readonly rounds: number;
      /** Rounds dropped because a request failed (a connection reset, not the library). */
      readonly dropped: number;
      readonly firstDrop: string | undefined;
    }
  | { readonly error: string };

/** Rows for the noise floor: the baseline of a client against a second copy of itself. */
export const noiseId = (kind: ClientKind) => `noise:${kind}`;

const REQUEST_TIMEOUT_MS = 10_000;
const ROUND_TIMEOUT_MS = 30_000;

export async function measureOverhead(context: Context, list: readonly Contender[], options: OverheadOptions): Promise<Map<string, OverheadResult>> {
  const results = new Map<string, OverheadResult>();
  await withPair(context, { expiresIn: 3600 }, async (pair) => {
    const env = envFor(context, pair, 3600);
    const token = await directToken(pair);
    const baselines = new Map<ClientKind, Instance>();
    const ready: { id: string; kind: ClientKind; instance: Instance }[] = [];
    const warm = async (instance: Instance) => {
      // The first call fetches the token and opens the connection.
      for (let i = 0; i < 20; i++) await expectOk(instance);
      return instance;
    };
    for (const contender of list) {
      try {
        if (!baselines.has(contender.client)) {
          const baseline = await loadBaseline(contender.client);
          baselines.set(contender.client, await warm(baseline(env, token)));
          ready.push({ id: noiseId(contender.client), kind: contender.client, instance: await warm(baseline(env, token)) });
        }
        ready.push({ id: contender.id, kind: contender.client, instance: await warm((await load(contender))(env)) });
      } catch (error) {
        results.set(contender.id, { error: reason(error) });
      }
    }

    const ratios = new Map<string, number[]>(ready.map(({ id }) => [id, []]));
    const drops = new Map<string, string[]>(ready.map(({ id }) => [id, []]));
    const baselineTimes = new Map<string, number[]>(ready.map(({ id }) => [id, []]));
    const phaseEnd = performance.now() + options.budgetMs;
    for (let round = 0; round < options.rounds; round++) {
      if (round >= options.minRounds && performance.now() > phaseEnd) break;
      for (const { id, kind, instance } of alternate(ready, round)) {
        if (results.has(id)) continue;
        const baseline = baselines.get(kind)!;
        const library: number[] = [];
        const fixed: number[] = [];
        // One deadline per round, none per request: a timer per request would add the same
        // cost to both sides and pull the ratio towards 1.
        const run = async () => {
          for (let i = 0; i < options.pairs; i++) {
            if ((i + round) % 2 === 0) {
              library.push(await timed(instance));
              fixed.push(await timed(baseline));
            } else {
              fixed.push(await timed(baseline));
              library.push(await timed(instance));
            }
          }
        };
        try {
          await deadline(run(), ROUND_TIMEOUT_MS, `${options.pairs} request pairs`);
          ratios.get(id)!.push(median(library) / median(fixed));
          baselineTimes.get(id)!.push(median(fixed) * 1000);
        } catch (error) {
          // A reset connection under load says nothing about the library: drop the round, and
          // say so; a library that fails most rounds gets the error instead of a ratio.
          drops.get(id)!.push(reason(error));
        }
      }
      progress(`overhead: round ${round + 1}/${options.rounds}`);
    }
    for (const { id, instance } of ready) {
      instance.dispose?.();
      if (results.has(id)) continue;
      const done = ratios.get(id)!;
      const dropped = drops.get(id)!;
      results.set(
        id,
        done.length > dropped.length
          ? { ratio: spread(done), baselineUs: median(baselineTimes.get(id)!), rounds: done.length, dropped: dropped.length, firstDrop: dropped[0] }
          : { error: `${dropped.length} of ${dropped.length + done.length} rounds failed, first: ${dropped[0]}` },
      );
    }
  });
  return results;
}

async function expectOk(instance: Instance): Promise<void> {
  const status = await deadline(instance.request('/items'), REQUEST_TIMEOUT_MS, 'an API request');
  if (status !== 200) throw new Error(`API answered ${status} with a warm token`);
}

async function timed(instance: Instance): Promise<number> {
  // Start from a settled event loop: the previous request's socket release and body cleanup run
  // outside the timed window, whichever side went before.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const start = performance.now();
  const status = await instance.request('/items');
  const elapsed = performance.now() - start;
  if (status !== 200) throw new Error(`API answered ${status} with a warm token`);
  return elapsed;
}
