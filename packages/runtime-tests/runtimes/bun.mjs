// Bun: `bun runtimes/bun.mjs <control origin> [filter]`
import { runSuite } from '../suite/index.js';

const [control, filter] = Bun.argv.slice(2);
const { failed } = await runSuite({ control, filter, runtime: `bun ${Bun.version}` });
process.exitCode = failed === 0 ? 0 : 1;
