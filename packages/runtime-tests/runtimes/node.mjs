// Node 20 and Node 24: `node runtimes/node.mjs <control origin> [filter]`
import { axiosClient } from '../suite/axiosClient.js';
import { runSuite, webClients } from '../suite/index.js';

const [control, filter] = process.argv.slice(2);
const clients = [...webClients, axiosClient];
const { failed } = await runSuite({ control, filter, clients, runtime: `node ${process.version}` });
process.exitCode = failed === 0 ? 0 : 1;
