// `pnpm start` (from the repository root) ends here: the demo servers and the docs site, on
// 127.0.0.1, from one command. `--static` serves the VitePress build instead of the dev server.
//   tsx demo/start.ts [--static] [--port 5173]
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startDemo } from './server';

const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    static: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.PORT ?? '5173' },
  },
});
const port = Number(values.port);
const stops: (() => Promise<void>)[] = [];

async function main(): Promise<string> {
  if (values.static) {
    const demo = await startDemo({ port, staticDir: resolve(app, '.vitepress/dist') });
    stops.push(demo.close);
    return `${demo.origin}/`;
  }
  const demo = await startDemo();
  stops.push(demo.close);
  // Read by .vitepress/config.ts: the dev server proxies /api and /oauth to the demo backend.
  process.env.TOK_DEMO_ORIGIN = demo.origin;
  const { createServer } = await import('vitepress');
  const site = await createServer(app, { host: '127.0.0.1', port, strictPort: false });
  stops.unshift(() => site.close());
  await site.listen();
  const url = site.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('the docs dev server has no local URL');
  return url;
}

async function stop(): Promise<void> {
  for (const close of stops) await close().catch(() => undefined);
}

// Ctrl+C: close the servers, but never wait on them for long (a browser tab or a keep-alive
// connection can hold a server's close() open): the process ends within a few seconds either way.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void Promise.race([stop(), new Promise((resolve) => setTimeout(resolve, 3_000))]).then(() => process.exit(0)));
}

try {
  const url = await main();
  console.log(`\n  tok docs with live examples: ${url}\n`);
  console.log('  Demo authorization server, protected API and the /api/token backend route are running on 127.0.0.1.');
  console.log('  Press Ctrl+C to stop.\n');
} catch (error) {
  console.error(error);
  await stop();
  process.exit(1);
}
