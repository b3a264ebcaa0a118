// The shared suite. Every runtime entry calls runSuite() with the control server's origin; the
// same tests run unmodified in Node, Bun, Deno, workerd and Chromium.
import { controlClient } from './control.js';
import { adapterTests } from './adapters.js';
import { fetchClient, kyClient } from './clients.js';
import { coreTests } from './core.js';
import { jwtTests } from './jwt.js';
import { runTests } from './harness.js';

export { SUMMARY_PREFIX } from './harness.js';

/** Every test, in the order it runs. */
export const tests = [...coreTests, ...jwtTests, ...adapterTests(fetchClient), ...adapterTests(kyClient)];

/**
 * Runs the suite against the servers behind `control` (an origin such as `http://127.0.0.1:5000`),
 * logging one line per test. Resolves with `{ runtime, passed, failed, results }`.
 */
export function runSuite({ control, runtime, log = console.log, filter }) {
  const selected = filter ? tests.filter((test) => test.name.includes(filter)) : tests;
  return runTests(selected, { control: controlClient(control), runtime, log });
}
