// Cloudflare workerd: bundled with the suite by esbuild; the runner starts workerd with a config
// that binds CONTROL (the control server's origin) and allows outbound requests to 127.0.0.1,
// then calls this worker once and reads the suite's report from the answer.
// `/wait-until` is the other route: see ./workerdWaitUntil.mjs.
import { axiosClient } from '../suite/axiosClient.js';
import { runSuite, webClients } from '../suite/index.js';
import { waitUntilRoute } from './workerdWaitUntil.mjs';

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/wait-until') return waitUntilRoute(url, env, ctx);
    const lines = [];
    const filter = url.searchParams.get('filter') ?? undefined;
    const clients = [...webClients, axiosClient];
    const report = await runSuite({ control: env.CONTROL, filter, clients, runtime: `workerd ${env.VERSION}`, log: (line) => lines.push(line) });
    return Response.json({ ...report, lines });
  },
};
