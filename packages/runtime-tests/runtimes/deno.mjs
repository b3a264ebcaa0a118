// Deno: `deno run --allow-net=127.0.0.1 runtimes/deno.mjs <control origin> [filter]`
// Network access to 127.0.0.1 is the only permission: no env, no read, no write. That rules out
// axios here: its Node build reads the environment as it is imported (debug, via follow-redirects)
// and fails with NotCapable without --allow-env. fetch, ky 1 and ky 2 need nothing more.
import { runSuite, webClients } from '../suite/index.js';

const [control, filter] = Deno.args;
const { failed } = await runSuite({ control, filter, clients: webClients, runtime: `deno ${Deno.version.deno}` });
Deno.exit(failed === 0 ? 0 : 1);
