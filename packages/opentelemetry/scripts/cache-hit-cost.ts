// The cache-hit getToken() with and without instrument() (the real SDK's MeterProvider and
// TracerProvider), alternating in the same run, as the ratio of their medians: instrument() must
// cost nothing there. apps/bench measures the same path against other libraries.
//   pnpm --filter @tok/opentelemetry exec tsx scripts/cache-hit-cost.ts
import { performance } from 'node:perf_hooks';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { clientCredentials, createTokenSource, fetchTransport } from '@tok/core';
import { startTokenServer } from '@tok/test-utils';
import { instrument } from '../src/index.js';

const server = await startTokenServer({ clients: [{ clientId: 'bench', clientSecret: 'bench-secret' }] });
const make = () => createTokenSource(clientCredentials({ tokenUrl: server.url, clientId: 'bench', clientSecret: 'bench-secret' }), { transport: fetchTransport(fetch) });
const plain = make();
const instrumented = make();
instrument(instrumented, { meterProvider: new MeterProvider(), tracerProvider: new BasicTracerProvider() });
await plain.getToken();
await instrumented.getToken();

async function batch(source: ReturnType<typeof make>, calls: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < calls; i++) await source.getToken();
  return ((performance.now() - start) / calls) * 1e6;
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const ratios: number[] = [];
const plainNs: number[] = [];
const instrumentedNs: number[] = [];
for (let round = 0; round < 40; round++) {
  const [a, b] = round % 2 === 0 ? [await batch(plain, 50_000), await batch(instrumented, 50_000)] : [await batch(instrumented, 50_000), await batch(plain, 50_000)].reverse();
  plainNs.push(a as number);
  instrumentedNs.push(b as number);
  ratios.push((b as number) / (a as number));
}
console.log(`cache-hit getToken(): ${median(plainNs).toFixed(1)} ns without instrument(), ${median(instrumentedNs).toFixed(1)} ns with it; ratio ${median(ratios).toFixed(3)}× (median of 40 rounds of 50,000 calls)`);
plain.dispose();
instrumented.dispose();
await server.close();
