import type { Contender } from './contenders.js';
import type { CacheHitResult } from './scenarios/cacheHit.js';
import { cacheHitVariants } from './contenders.js';
import type { ExpiryCell, ExpiryOptions } from './scenarios/expiry.js';
import { baselineId, type GrowthResults, type StampedeCell, type Unfinished } from './scenarios/growth.js';
import { noiseId, type OverheadResult } from './scenarios/overhead.js';
import type { SizeResult } from './scenarios/size.js';
import type { TargetResult } from './targets.js';

/** Everything one run measured. Maps are keyed by contender id; a missing key was not measured. */
export interface Measurements {
  readonly overhead: Map<string, OverheadResult>;
  readonly cacheHit: Map<string, CacheHitResult>;
  readonly trivialNs: number;
  readonly growth: GrowthResults;
  readonly levels: readonly number[];
  readonly stampedeN: number;
  readonly expiry: Map<string, ExpiryCell>;
  readonly expiryOptions: ExpiryOptions;
  readonly sizes: Map<string, SizeResult>;
}

export interface RunInfo {
  readonly mode: 'full' | 'quick';
  readonly date: string;
  readonly machine: string;
  readonly tokVersion: string;
  readonly seconds: number;
  readonly pool: number;
  readonly overheadPairs: number;
  readonly cacheRounds: number;
  readonly cacheCalls: number;
}

const num = (n: number) => n.toLocaleString('en-US');
const dash = '—';

export function renderReport(list: readonly Contender[], m: Measurements, targets: readonly TargetResult[], info: RunInfo): string {
  const lines: string[] = [];
  const add = (...more: string[]) => lines.push(...more);
  add(
    '# Benchmarks',
    '',
    `tok side by side with the libraries people pick instead, measured in one run by \`pnpm bench\` (apps/bench, ${info.mode} mode) on ${info.date}: ${info.machine}; ${info.tokVersion}. The run took ${Math.round(info.seconds)} s.`,
    '',
    'Every library talks to the same servers on 127.0.0.1: an OAuth 2.0 token endpoint that answers after 50 ms and a protected API that refuses expired tokens, both in a child process so that their work never runs on the measured event loop. The order of the libraries alternates between rounds. Cells with "—" have no equivalent; a cell with an error says why the library could not be made to do it.',
    '',
    '## Side by side',
    '',
    `| library | HTTP client | per-request overhead ¹ | cache-hit getToken() ² | cold stampede, ${num(m.stampedeN)} requests ³ | expiry boundaries ⁴ | min+gzip ⁵ |`,
    '|---|---|---|---|---|---|---|',
  );
  for (const c of list) {
    add(`| ${c.name} | ${c.client} | ${overheadCell(m.overhead.get(c.id))} | ${cacheCell(m.cacheHit.get(c.id))} | ${stampedeCell(m.growth.get(c.id)?.get(m.stampedeN), m.stampedeN)} | ${expiryCell(m.expiry.get(c.id))} | ${sizeCell(m.sizes.get(c.id))} |`);
  }
  for (const variant of cacheHitVariants) {
    const result = m.cacheHit.get(variant.id);
    if (result) add(`| *cache hit only: ${variant.name}* | ${variant.client} | ${dash} | ${cacheCell(result)} | ${dash} | ${dash} | ${dash} |`);
  }
  for (const kind of new Set(list.map((c) => c.client))) {
    const noise = m.overhead.get(noiseId(kind));
    const perRequest = noise && 'baselineUs' in noise ? `; one fixed-header request takes ${Math.round(noise.baselineUs)} µs here` : '';
    if (noise) add(`| *noise floor: ${kind} fixed header against itself${perRequest}* | ${kind} | ${overheadCell(noise)} | ${dash} | ${dash} | ${dash} | ${dash} |`);
  }
  add(
    '',
    '## How cost grows with concurrent callers',
    '',
    'Cold client, N requests at once: token requests made · p99 latency added over the fixed-header baseline at the same N (which includes waiting for the first token; at 1,000 and more it is mostly queueing for sockets and CPU, and varies with the machine\'s load). Runs of 10,000 callers share what is left of the run\'s time budget (runs of up to 1,000 get 20 s each); one that runs out of its time is shown as "not done", with what it had done by then.',
    '',
    `| library | ${m.levels.map((n) => `${num(n)} callers`).join(' | ')} |`,
    `|---|${m.levels.map(() => '---').join('|')}|`,
  );
  const kinds = [...new Set(list.map((c) => c.client))];
  for (const c of list) {
    const row = m.growth.get(c.id);
    if (!row) continue;
    const base = m.growth.get(baselineId(c.client));
    add(`| ${c.name} | ${m.levels.map((n) => growthCell(row.get(n), base?.get(n), n)).join(' | ')} |`);
  }
  for (const kind of kinds) {
    const base = m.growth.get(baselineId(kind));
    if (base) add(`| *baseline: ${kind}, fixed header* | ${m.levels.map((n) => baselineCell(base.get(n), n)).join(' | ')} |`);
  }
  add('', '## Targets for tok', '');
  for (const t of targets) add(`- **${t.pass ? 'PASS' : 'FAIL'}** ${t.target}: ${t.measured}`);
  add('', '## How each library is wired', '');
  for (const c of list) add(`- **${c.name}** (\`src/wiring/${c.id}.ts\`): ${c.notes}`);
  add(
    '',
    '## What the columns mean',
    '',
    `1. Warm token cache; one request through the library, then one with the same HTTP client and a fixed \`Authorization\` header (which goes first alternates), ${num(info.overheadPairs)} pairs per round, ${overheadRounds(m)} rounds (fewer when the machine is slow: the phase has a time budget). Per round, (median time with the library) / (median time with the fixed header); the cell gives the median over rounds and the interquartile range. 1.000× means no cost. Medians, because on a shared machine one preempted request would otherwise decide a round; the noise-floor rows run the fixed-header client against a second copy of itself.`,
    `2. ${num(info.cacheCalls)} awaited calls per round, ${info.cacheRounds} rounds, against \`async () => token\` awaited in the same loop (${m.trivialNs.toFixed(0)} ns per call here). Where the library keeps no token (oauth4webapi, openid-client, simple-oauth2) this is the glue its docs imply.`,
    `3. A client with no token yet, ${num(m.stampedeN)} requests at once: token requests the endpoint received, and requests whose caller did not end with a 200.`,
    `4. ${m.expiryOptions.lifetimeS} s tokens; ${m.expiryOptions.perSecond} requests per second for ${m.expiryOptions.durationMs / 1000} s (open loop), after one warm-up request; one library at a time, each with its own servers. Token requests received in that window · requests that waited on a token fetch, at least (they reached the API with a token issued after the caller made the request; the clocks of the two processes aligned over IPC; a call made while a token response was already on its way is not caught, so tok's own \`stats().waits\`, exact, is shown beside it) · 401s the API sent for a token it no longer accepts (a request retried after one still counts) · requests whose caller did not end with a 200.`,
    '5. The wiring file (the code a user writes plus the library code it pulls in) bundled with esbuild, minified, ESM, the HTTP client external (axios, ky; @hapi/wreck for simple-oauth2; fetch is built in), gzip -9.',
    '',
    `Sockets: fetch (undici) and axios (node:http agent) each keep at most ${info.pool} connections per origin, so that 10,000 callers fit in the file-descriptor limit; simple-oauth2's own @hapi/wreck agent is left as it comes.`,
    '',
  );
  return lines.join('\n');
}

function overheadCell(r: OverheadResult | undefined): string {
  if (!r) return dash;
  if ('error' in r) return `error: ${r.error}`;
  const dropped = r.dropped > 0 ? `; ${r.dropped} round${r.dropped === 1 ? '' : 's'} dropped: ${r.firstDrop}` : '';
  return `${r.ratio.median.toFixed(3)}× (${r.ratio.q1.toFixed(3)}–${r.ratio.q3.toFixed(3)}${dropped})`;
}

function cacheCell(r: CacheHitResult | undefined): string {
  if (!r || 'none' in r) return dash;
  if ('error' in r) return `error: ${r.error}`;
  return `${r.ns.median.toFixed(0)} ns (${r.ratio.median.toFixed(2)}× trivial async)`;
}

function unfinished({ limitMs, tokenRequests, done }: Unfinished, n: number): string {
  return `not done in ${(limitMs / 1000).toFixed(1)} s: ${num(tokenRequests)} token request${tokenRequests === 1 ? '' : 's'}, ${num(done)} of ${num(n)} requests answered`;
}

function stampedeCell(r: StampedeCell | undefined, n: number): string {
  if (!r) return dash;
  if ('error' in r) return `error: ${r.error}`;
  if ('unfinished' in r) return unfinished(r.unfinished, n);
  const why = r.failed > 0 && r.firstFailure ? ` (${r.firstFailure})` : '';
  return `${num(r.tokenRequests)} token request${r.tokenRequests === 1 ? '' : 's'}, ${num(r.failed)} failed${why}`;
}

function expiryCell(r: ExpiryCell | undefined): string {
  if (!r) return dash;
  if ('error' in r) return `error: ${r.error}`;
  const noToken = r.noToken401 > 0 ? ` (+${r.noToken401} 401s sent without a token)` : '';
  const own = r.ownWaits === undefined ? '' : ` (its stats().waits: ${r.ownWaits})`;
  return `${r.tokenRequests} token requests · ${r.waited} waited${own} · ${r.expired401} expired-token 401s${noToken} · ${r.failed} failed`;
}

function sizeCell(r: SizeResult | undefined): string {
  if (!r) return dash;
  if ('error' in r) return `error: ${r.error}`;
  return `${num(r.gzip)} B`;
}

function growthCell(r: StampedeCell | undefined, base: StampedeCell | undefined, n: number): string {
  if (!r) return dash;
  if ('error' in r) return `error: ${r.error}`;
  if ('unfinished' in r) return unfinished(r.unfinished, n);
  const added = base && 'p99Ms' in base ? signed(r.p99Ms - base.p99Ms) : `p99 ${r.p99Ms.toFixed(1)} ms`;
  const failed = r.failed > 0 ? `, ${num(r.failed)} failed` : '';
  return `${num(r.tokenRequests)} · ${added}${failed}`;
}

function baselineCell(r: StampedeCell | undefined, n: number): string {
  if (!r) return dash;
  if ('error' in r) return `error: ${r.error}`;
  if ('unfinished' in r) return unfinished(r.unfinished, n);
  return `p99 ${r.p99Ms.toFixed(1)} ms${r.failed > 0 ? `, ${num(r.failed)} failed` : ''}`;
}

const signed = (ms: number) => `${ms < 0 ? '−' : '+'}${Math.abs(ms).toFixed(1)} ms`;

function overheadRounds(m: Measurements): string {
  const rounds = [...m.overhead.values()].flatMap((r) => ('rounds' in r ? [r.rounds] : []));
  if (rounds.length === 0) return '0';
  const [low, high] = [Math.min(...rounds), Math.max(...rounds)];
  return low === high ? String(low) : `${low}–${high}`;
}
