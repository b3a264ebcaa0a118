// The suite's runner: sequential tests, a fresh server state before each, a per-test timeout,
// one TAP-like line per test and a final machine-readable line that the Node runner parses.

/** The line prefix the Node runner looks for; what follows is the JSON summary. */
export const SUMMARY_PREFIX = '# tok-suite ';

const TEST_TIMEOUT_MS = 15_000;

/**
 * Runs `tests` ([{ name, fn }]) one after the other; `meta` goes into the summary line. Each gets a context with `config` (the URLs and
 * clients from the control server), `control`, `runtime`, and `defer(fn)` to register cleanup.
 */
export async function runTests(tests, { control, runtime, log, meta = {} }) {
  const config = await control.config();
  const results = [];
  for (const [index, { name, fn }] of tests.entries()) {
    const cleanups = [];
    const started = Date.now();
    let error;
    try {
      await control.reset();
      await withTimeout(fn({ config, control, runtime, defer: (cleanup) => cleanups.push(cleanup) }), name);
    } catch (caught) {
      error = caught;
    }
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (caught) {
        error ??= caught;
      }
    }
    const ms = Date.now() - started;
    const result = { name, ok: error === undefined, ms };
    if (error !== undefined) result.error = describe(error);
    results.push(result);
    log(`${result.ok ? 'ok' : 'not ok'} ${index + 1} - ${name} (${ms} ms)`);
    if (!result.ok) log(`  # ${result.error.replace(/\n/g, '\n  # ')}`);
  }
  const passed = results.filter((result) => result.ok).length;
  const summary = { runtime, ...meta, passed, failed: results.length - passed };
  log(`${SUMMARY_PREFIX}${JSON.stringify(summary)}`);
  return { ...summary, results };
}

function withTimeout(promise, name) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`"${name}" took longer than ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error) {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `\ncaused by ${error.cause.name}: ${error.cause.message}` : '';
  const stack = error.stack?.split('\n').slice(1, 4).join('\n') ?? '';
  return `${error.name}: ${error.message}${cause}${stack ? `\n${stack}` : ''}`;
}
