// Peak memory of one token request whose answer is far too big: a 100 MB body, an endless body and a
// gzip bomb (~400 kB inflating to 400 MB), through fetchTransport and axiosTransport (http and fetch
// adapters), now and as the transports were before the 1 MiB cap (their pre-cap code, inlined
// below). Each measurement runs in a fresh child process (the server runs in this one), which
// samples process.memoryUsage().rss every 2 ms; a "before" request ends at 20 s if the body does.
//
//   pnpm --filter @tok/bench exec tsx src/bodyBounds.ts
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fetchTransport, type Transport } from '@tok/core';
import { axiosTransport } from '@tok/axios';
import { startMisbehavingServer } from '@tok/test-utils';
import axios, { type AxiosInstance } from 'axios';

type Variant = 'fetch' | 'axios-http' | 'axios-fetch';
type Route = 'huge' | 'endless' | 'gzip-bomb';
const VARIANTS: readonly Variant[] = ['fetch', 'axios-http', 'axios-fetch'];
const ROUTES: readonly Route[] = ['huge', 'gzip-bomb', 'endless'];

// The transports before the cap: fetchTransport read `response.text()`, axiosTransport set no
// maxContentLength (both otherwise as they were).
const before: Record<Variant, () => Transport> = {
  fetch: () => async ({ url, method, headers, body }, { signal }) => {
    const response = await fetch(url, { method, headers, body: body ?? null, signal, redirect: 'manual' });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  },
  'axios-http': () => oldAxios(axios.create({ adapter: 'http' })),
  'axios-fetch': () => oldAxios(axios.create({ adapter: 'fetch' })),
};
const after: Record<Variant, () => Transport> = {
  fetch: () => fetchTransport(fetch),
  'axios-http': () => axiosTransport(axios.create({ adapter: 'http' })),
  'axios-fetch': () => axiosTransport(axios.create({ adapter: 'fetch' })),
};

function oldAxios(instance: AxiosInstance): Transport {
  return async ({ url, method, headers, body }, { signal }) => {
    const response = await instance.request<string>({ url, method, headers, data: body, signal, maxRedirects: 0, responseType: 'text', transformResponse: [(d: unknown) => d], validateStatus: () => true });
    return { status: response.status, headers: {}, body: String(response.data ?? '') };
  };
}

async function child(which: 'before' | 'after', variant: Variant, url: string): Promise<void> {
  const transport = (which === 'before' ? before : after)[variant]();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  const started = performance.now();
  let outcome: string;
  try {
    const response = await transport({ url, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' }, { signal: AbortSignal.timeout(20_000) });
    outcome = `accepted ${(response.body.length / 1e6).toFixed(1)} M characters`;
  } catch (error) {
    const { code, name, message } = error as { code?: string; name?: string; message?: string };
    outcome = code ?? `${name}: ${String(message).slice(0, 60)}`;
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  clearInterval(sampler);
  process.stdout.write(JSON.stringify({ base, peak, ms: Math.round(performance.now() - started), outcome }));
}

async function main(): Promise<void> {
  const server = await startMisbehavingServer();
  const self = fileURLToPath(import.meta.url);
  const rows: string[] = ['| transport | answer | code | baseline RSS | peak RSS | time | outcome |', '|---|---|---|---:|---:|---:|---|'];
  try {
    for (const route of ROUTES) {
      for (const variant of VARIANTS) {
        for (const which of ['before', 'after'] as const) {
          // Asynchronous: the server answers from this process while the child runs.
          const output = await new Promise<string>((resolve, reject) => {
            execFile(process.execPath, ['--import', 'tsx', self, '--child', which, variant, server.url(route)], { maxBuffer: 1 << 20 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
          });
          const { base, peak, ms, outcome } = JSON.parse(output) as { base: number; peak: number; ms: number; outcome: string };
          const mb = (n: number) => `${(n / 1_048_576).toFixed(0)} MiB`;
          rows.push(`| ${variant} | ${route} | ${which} | ${mb(base)} | ${mb(peak)} | ${ms} ms | ${outcome} |`);
          process.stderr.write(`${rows.at(-1)}\n`);
        }
      }
    }
  } finally {
    await server.close();
  }
  process.stdout.write(`${rows.join('\n')}\n`);
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(args[1] as 'before' | 'after', args[2] as Variant, args[3] as string);
else await main();
