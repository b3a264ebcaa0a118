// Cloudflare workerd: bundled with the suite by esbuild; the runner starts workerd with a config
// that binds CONTROL (the control server's origin) and allows outbound requests to 127.0.0.1,
// then calls this worker once and reads the suite's report from the answer.
import { axiosClient } from '../suite/axiosClient.js';
import { runSuite, webClients } from '../suite/index.js';

export default {
  async fetch(request, env) {
    const lines = [];
    const filter = new URL(request.url).searchParams.get('filter') ?? undefined;
    const clients = [...webClients, axiosClient];
    const report = await runSuite({ control: env.CONTROL, filter, clients, runtime: `workerd ${env.VERSION}`, log: (line) => lines.push(line) });
    return Response.json({ ...report, lines });
  },
};
