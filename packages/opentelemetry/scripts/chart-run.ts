// A two-minute run of one instrumented token source against a local token server, for the
// observability page: 20 getToken() calls a second, 30 s tokens refreshed ahead of expiry, the
// endpoint failing for a few seconds, and one token refused by the API. The real SDK collects
// every second; the script prints the page's chart (SVG) and the final metric values (Markdown).
//   pnpm --filter @tok/opentelemetry exec tsx scripts/chart-run.ts [seconds]
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { clientCredentials, createTokenSource, fetchTransport } from '@tok/core';
import { startTokenServer } from '@tok/test-utils';
import { instrument } from '../src/index.js';

class Reader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

const seconds = Number(process.argv[2] ?? 120);
const server = await startTokenServer({ clients: [{ clientId: 'billing', clientSecret: 'chart-secret' }], expiresIn: 30, latencyMs: 40 });
const reader = new Reader();
const meterProvider = new MeterProvider({ readers: [reader] });
const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const source = createTokenSource(clientCredentials({ tokenUrl: server.url, clientId: 'billing', clientSecret: 'chart-secret' }), {
  transport: fetchTransport(fetch),
  policy: { minRemainingMs: 5_000 },
});
const uninstrument = instrument(source, { meterProvider, tracerProvider });

interface Sample {
  t: number;
  expiresIn: number | undefined;
  cacheHits: number;
  waits: number;
  requests: Record<string, number>;
  failures: Record<string, number>;
}
const samples: Sample[] = [];
const start = Date.now();
const elapsed = () => (Date.now() - start) / 1000;

async function sample(): Promise<void> {
  const { resourceMetrics } = await reader.collect();
  const s: Sample = { t: elapsed(), expiresIn: undefined, cacheHits: 0, waits: 0, requests: {}, failures: {} };
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (const point of metric.dataPoints) {
        const value = point.value as number;
        const key = Object.entries(point.attributes).map(([k, v]) => `${k}=${v}`).join(',');
        if (metric.descriptor.name === 'tok.token.expires_in') s.expiresIn = value;
        if (metric.descriptor.name === 'tok.token.cache_hits') s.cacheHits = value;
        if (metric.descriptor.name === 'tok.token.waits') s.waits = value;
        if (metric.descriptor.name === 'tok.token.requests') s.requests[key] = value;
        if (metric.descriptor.name === 'tok.token.failures') s.failures[key] = value;
      }
    }
  }
  samples.push(s);
}

const traffic = setInterval(() => {
  source.getToken().catch(() => {});
}, 50);
const sampler = setInterval(() => void sample(), 1000);
// The endpoint fails for 8 s (a deploy, an outage) from just before a refresh is due: the refresh
// fails in the background while the valid token keeps being served, and succeeds once it is back.
setTimeout(() => {
  const expiresAt = source.peek()?.expiresAt ?? Date.now();
  // 30 s tokens are refreshed 5-6.5 s before they expire (minRemainingMs, jitter).
  setTimeout(() => server.setDefault({ status: 503, headers: { 'retry-after': '1' } }), Math.max(0, expiresAt - 8_000 - Date.now()));
  setTimeout(() => server.setDefault({}), Math.max(0, expiresAt - Date.now()));
}, seconds * 0.4 * 1000);
// The API refuses the current token once (a 401): the next call waits for a new one.
setTimeout(() => source.invalidate(source.peek()), seconds * 0.7 * 1000);
await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 200));
clearInterval(traffic);
clearInterval(sampler);
await sample();

const last = samples.at(-1) as Sample;
const finished = spans.getFinishedSpans();
uninstrument();
source.dispose();
await meterProvider.shutdown();
await tracerProvider.shutdown();
await server.close();

// The chart: seconds until expiry (line), each token request (a tick: green success, red failure),
// and getToken() calls per second (bars: cache hits grey, waits orange).
const W = 720;
const H = 300;
const left = 44;
const right = 12;
const x = (t: number) => left + (t / seconds) * (W - left - right);
const top = { y0: 20, h: 140 };
const bottom = { y0: 200, h: 70 };
const yExp = (v: number) => top.y0 + top.h - (v / 30) * top.h;
const parts: string[] = [];
parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="tok.token.expires_in, token requests and getToken() calls over a ${seconds} s run" style="max-width:100%;font:11px system-ui,sans-serif">`);
parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
for (const v of [0, 10, 20, 30]) parts.push(`<line x1="${left}" x2="${W - right}" y1="${yExp(v)}" y2="${yExp(v)}" stroke="#eee"/><text x="${left - 6}" y="${yExp(v) + 4}" text-anchor="end" fill="#666">${v}s</text>`);
const line = samples.filter((s) => s.expiresIn !== undefined).map((s, i) => `${i === 0 ? 'M' : 'L'}${x(s.t).toFixed(1)},${yExp(s.expiresIn as number).toFixed(1)}`).join(' ');
parts.push(`<path d="${line}" fill="none" stroke="#2563eb" stroke-width="2"/>`);
for (const span of finished) {
  const t = (span.startTime[0] * 1000 + span.startTime[1] / 1e6 - start) / 1000;
  const failed = span.attributes['tok.outcome'] === 'failure';
  parts.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${top.y0 + top.h + 4}" y2="${top.y0 + top.h + 16}" stroke="${failed ? '#dc2626' : '#16a34a'}" stroke-width="2"/>`);
}
const perSecond = samples.slice(1).map((s, i) => ({ t: s.t, hits: s.cacheHits - (samples[i] as Sample).cacheHits, waits: s.waits - (samples[i] as Sample).waits }));
const maxCalls = Math.max(1, ...perSecond.map((p) => p.hits + p.waits));
const barW = Math.max(1, (W - left - right) / seconds - 1);
for (const p of perSecond) {
  const hitsH = (p.hits / maxCalls) * bottom.h;
  const waitsH = Math.max(p.waits > 0 ? 3 : 0, (p.waits / maxCalls) * bottom.h);
  parts.push(`<rect x="${(x(p.t) - barW).toFixed(1)}" y="${(bottom.y0 + bottom.h - hitsH).toFixed(1)}" width="${barW.toFixed(1)}" height="${hitsH.toFixed(1)}" fill="#cbd5e1"/>`);
  if (p.waits > 0) parts.push(`<rect x="${(x(p.t) - barW).toFixed(1)}" y="${(bottom.y0 + bottom.h - hitsH - waitsH).toFixed(1)}" width="${barW.toFixed(1)}" height="${waitsH.toFixed(1)}" fill="#f97316"/>`);
}
for (let t = 0; t <= seconds; t += 20) parts.push(`<text x="${x(t)}" y="${H - 12}" text-anchor="middle" fill="#666">${t}s</text>`);
parts.push(`<text x="${left}" y="12" fill="#2563eb">tok.token.expires_in</text><text x="${left + 140}" y="12" fill="#16a34a">| token request</text><text x="${left + 240}" y="12" fill="#dc2626">| failed token request</text>`);
parts.push(`<text x="${left}" y="${bottom.y0 - 6}" fill="#64748b">getToken() calls per second: cache hits (tok.token.cache_hits)</text><text x="${left + 365}" y="${bottom.y0 - 6}" fill="#f97316">and waits (tok.token.waits)</text>`);
parts.push('</svg>');
console.log(parts.join('\n'));
console.log('\n| metric | attributes | value |\n|---|---|---|');
for (const [key, value] of Object.entries(last.requests)) console.log(`| \`tok.token.requests\` | ${key.split(',').filter((a) => /outcome|status|error|placement/.test(a)).map((a) => `\`${a}\``).join(' ')} | ${value} |`);
for (const [key, value] of Object.entries(last.failures)) console.log(`| \`tok.token.failures\` | ${key.split(',').map((a) => `\`${a}\``).join(' ')} | ${value} |`);
console.log(`| \`tok.token.cache_hits\` | | ${last.cacheHits} |\n| \`tok.token.waits\` | | ${last.waits} |\n| \`tok.token.expires_in\` | | ${last.expiresIn?.toFixed(1)} |`);
console.log(`\n${finished.length} spans; server received ${server.count} token requests`);
