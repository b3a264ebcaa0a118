// Node 20 and Node 24: `node runtimes/node.mjs <control origin> [filter]`
import { runSuite } from '../suite/index.js';

const [control, filter] = process.argv.slice(2);
const { failed } = await runSuite({ control, filter, runtime: `node ${process.version}` });
process.exitCode = failed === 0 ? 0 : 1;
