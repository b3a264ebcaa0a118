// Cost of a cache-hit token lookup: the library's own getToken() (or its README's glue where the
// library keeps no token), awaited in a loop, against a trivial `async () => token` in the same loop.
import { performance } from 'node:perf_hooks';
import { type Context, envFor, withPair } from '../context.js';
import { type Contender, load } from '../contenders.js';
import { type Spread, spread } from '../stats.js';
import { alternate, deadline, progress, reason } from '../util.js';

export interface CacheHitOptions {
  readonly rounds: number;
  readonly calls: number;
}

export type CacheHitResult = { readonly ns: Spread; readonly ratio: Spread } | { readonly error: string } | { readonly none: true };

export async function measureCacheHit(context: Context, list: readonly Contender[], options: CacheHitOptions): Promise<{ results: Map<string, CacheHitResult>; trivialNs: number }> {
  const results = new Map<string, CacheHitResult>();
  const trivialAll: number[] = [];
  await withPair(context, { expiresIn: 3600 }, async (pair) => {
    const env = envFor(context, pair, 3600);
    const ready: { contender: Contender; getToken: () => Promise<unknown>; trivial: () => Promise<unknown>; dispose?: (() => void) | undefined }[] = [];
    for (const contender of list) {
      try {
        const instance = (await load(contender))(env);
        const { getToken } = instance;
        if (!getToken) {
          results.set(contender.id, { none: true });
          instance.dispose?.();
          continue;
        }
        const value = await deadline(getToken(), 10_000, 'the first getToken()');
        ready.push({ contender, getToken, trivial: async () => value, dispose: instance.dispose });
      } catch (error) {
        results.set(contender.id, { error: reason(error) });
      }
    }
    const ns = new Map<string, number[]>(ready.map(({ contender }) => [contender.id, []]));
    const ratios = new Map<string, number[]>(ready.map(({ contender }) => [contender.id, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (const { contender, getToken, trivial } of alternate(ready, round)) {
        const [library, baseline] =
          round % 2 === 0
            ? [await batch(getToken, options.calls), await batch(trivial, options.calls)]
            : [await batch(trivial, options.calls), await batch(getToken, options.calls)].reverse();
        ns.get(contender.id)!.push(library!);
        ratios.get(contender.id)!.push(library! / baseline!);
        trivialAll.push(baseline!);
      }
    }
    progress(`cache hit: ${options.rounds} rounds of ${options.calls} calls`);
    for (const { contender, dispose } of ready) {
      dispose?.();
      results.set(contender.id, { ns: spread(ns.get(contender.id)!), ratio: spread(ratios.get(contender.id)!) });
    }
  });
  return { results, trivialNs: spread(trivialAll).median };
}

/** Nanoseconds per awaited call. */
async function batch(fn: () => Promise<unknown>, calls: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  return ((performance.now() - start) / calls) * 1e6;
}
