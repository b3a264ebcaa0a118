// The shared suite. Every runtime entry calls runSuite() with the control server's origin; the
// same tests run unmodified in Node, Bun, Deno, workerd and Chromium.
import { controlClient } from './control.js';
import { adapterTests } from './adapters.js';
import { fetchClient, ky2Client, kyClient } from './clients.js';
import { coreTests } from './core.js';
import { jwtTests } from './jwt.js';
import { runTests } from './harness.js';

export { SUMMARY_PREFIX } from './harness.js';

/** The clients built on web APIs only (fetch, ky 1, ky 2): every runtime runs the adapter suite with them. */
export const webClients = [fetchClient, kyClient, ky2Client];

/**
 * Runs core's tests, the JWT tests and the adapter tests for each of `clients` against the servers
 * behind `control` (an origin such as `http://127.0.0.1:5000`), one line per test. Entries add
 * `axiosClient` (./axiosClient.js) where axios runs. Resolves with `{ runtime, clients, passed, failed, results }`.
 */
export function runSuite({ control, runtime, log = console.log, filter, clients = webClients }) {
  const tests = [...coreTests, ...jwtTests, ...clients.flatMap(adapterTests)];
  const selected = filter ? tests.filter((test) => test.name.includes(filter)) : tests;
  return runTests(selected, { control: controlClient(control), runtime, log, meta: { clients: clients.map((client) => client.name) } });
}
