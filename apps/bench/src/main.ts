// pnpm bench [--quick] [--check] [--out FILE]
//   --quick (or BENCH_QUICK=1): tok's rows only (sizes for every library), fewer rounds; < 40 s.
//   --check: exit 1 when one of tok's targets fails.
//   --out FILE: where the markdown goes; the full run writes results.md beside package.json.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Agent, setGlobalDispatcher } from 'undici';
import type { Context } from './context.js';
import { cacheHitVariants, contenders } from './contenders.js';
import { type Measurements, renderReport, type RunInfo } from './report.js';
import { measureCacheHit } from './scenarios/cacheHit.js';
import { measureExpiry } from './scenarios/expiry.js';
import { measureGrowth } from './scenarios/growth.js';
import { measureOverhead } from './scenarios/overhead.js';
import { measureSizes } from './scenarios/size.js';
import { startServerHost } from './servers.js';
import { CORE_FETCH_ID, checkTargets } from './targets.js';
import { progress } from './util.js';

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, check: { type: 'boolean', default: false }, out: { type: 'string' } },
});
const quick = args.quick === true || process.env.BENCH_QUICK === '1';
const started = performance.now();

/** Connections per origin, for fetch and axios alike: 10,000 sockets would not fit in the fd limit. */
const POOL = 256;
const STAMPEDE_N = 1_000;
const expiryOptions = { lifetimeS: 2, durationMs: 5_000, perSecond: 50 };
// Phases are bounded in count and in time. The overhead phase runs rounds until its budget is
// spent (at least `minRounds`); the run as a whole has a budget too, and the 10,000-caller
// stampedes, last, share what is left of it.
// On a loaded machine that means fewer rounds and cut stampedes, each reported as such.
// A quick run stops at 1,000 callers and skips the baselines: it checks tok's targets, no more.
const settings = quick
  ? {
      budgetS: 32,
      overhead: { rounds: 30, minRounds: 6, pairs: 40, budgetMs: 6_000 },
      cache: { rounds: 10, calls: 20_000 },
      growth: { levels: [10, 100, 1_000], baselines: false },
    }
  : {
      budgetS: 165,
      overhead: { rounds: 40, minRounds: 5, pairs: 40, budgetMs: 30_000 },
      cache: { rounds: 20, calls: 20_000 },
      growth: { levels: [10, 100, 1_000, 10_000], baselines: true },
    };
const runEnd = started + settings.budgetS * 1000;
const left = () => Math.max(0, runEnd - performance.now());

// Timing scenarios run every library in a full run, only tok on fetch (the path the targets name)
// in a quick one; sizes are cheap and the size target compares against every peer, so they always
// run for all.
const timed = quick ? contenders.filter((c) => c.id === CORE_FETCH_ID) : contenders;

// Idle sockets close after 2 s, well before the servers' 5 s keep-alive timeout, so that a slow
// event loop never reuses a socket the server is closing.
setGlobalDispatcher(new Agent({ connections: POOL, keepAliveTimeout: 2_000, keepAliveMaxTimeout: 2_000 }));
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: POOL, timeout: 2_000 });
const host = await startServerHost();
const context: Context = { host, httpAgent };
const stop = () => void host.stop();
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

let measurements: Measurements;
try {
  progress(`${quick ? 'quick' : 'full'} run: ${timed.map((c) => c.id).join(', ')}`);
  const phase = async <T>(name: string, body: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await body();
    progress(`${name} took ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return result;
  };
  // Timing-sensitive phases first, on a fresh process; the stampedes, which leave the most behind
  // (sockets, garbage), last, sharing whatever time is left.
  const sizes = await phase('sizes', () => measureSizes(contenders));
  const overhead = await phase('overhead', () => measureOverhead(context, timed, settings.overhead));
  const { results: cacheHit, trivialNs } = await phase('cache hit', () => measureCacheHit(context, [...timed, ...cacheHitVariants], settings.cache));
  const expiry = await phase('expiry boundaries', () => measureExpiry(context, timed, expiryOptions));
  const growth = await phase('cold stampedes', () => measureGrowth(context, timed, { ...settings.growth, budgetMs: left() }));
  measurements = { overhead, cacheHit, trivialNs, growth, levels: settings.growth.levels, stampedeN: STAMPEDE_N, expiry, expiryOptions, sizes };
} finally {
  await host.stop();
  httpAgent.destroy();
}

const targets = checkTargets(contenders, timed, measurements);
const info: RunInfo = {
  mode: quick ? 'quick' : 'full',
  date: new Date().toISOString().slice(0, 10),
  machine: `Node ${process.version}, ${process.platform} ${process.arch}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'})`,
  tokVersion: tokRevision(),
  seconds: (performance.now() - started) / 1000,
  pool: POOL,
  overheadPairs: settings.overhead.pairs,
  cacheRounds: settings.cache.rounds,
  cacheCalls: settings.cache.calls,
};
const report = renderReport(timed, measurements, targets, info);
process.stdout.write(`${report}\n`);
const out = args.out ?? (quick ? undefined : fileURLToPath(new URL('../results.md', import.meta.url)));
if (out) {
  writeFileSync(out, report);
  progress(`wrote ${out}`);
}
const failed = targets.filter((t) => !t.pass);
for (const t of targets) progress(`${t.pass ? 'PASS' : 'FAIL'} ${t.target}: ${t.measured}`);
if (args.check && failed.length > 0) process.exitCode = 1;

/** Which tok was measured: the commit of packages/, and whether the tree had changes on top. */
function tokRevision(): string {
  try {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const git = (...a: string[]) => execFileSync('git', ['-C', root, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('log', '-1', '--format=%h', '--', 'packages');
    const dirty = git('status', '--porcelain', '--', 'packages/core', 'packages/fetch') !== '';
    return `tok at ${commit}${dirty ? ' plus uncommitted changes in packages/core or packages/fetch' : ''}`;
  } catch {
    return 'tok at an unknown commit';
  }
}
