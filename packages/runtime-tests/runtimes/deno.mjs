// Deno: `deno run --allow-net=127.0.0.1 runtimes/deno.mjs <control origin> [filter]`
// Network access to 127.0.0.1 is the only permission: no env, no read, no write.
import { runSuite } from '../suite/index.js';

const [control, filter] = Deno.args;
const { failed } = await runSuite({ control, filter, runtime: `deno ${Deno.version.deno}` });
Deno.exit(failed === 0 ? 0 : 1);
