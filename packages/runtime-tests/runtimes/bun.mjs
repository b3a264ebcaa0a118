// Bun: `bun runtimes/bun.mjs <control origin> [filter]`
import { axiosClient } from '../suite/axiosClient.js';
import { runSuite, webClients } from '../suite/index.js';

const [control, filter] = Bun.argv.slice(2);
const clients = [...webClients, axiosClient];
const { failed } = await runSuite({ control, filter, clients, runtime: `bun ${Bun.version}` });
process.exitCode = failed === 0 ? 0 : 1;
