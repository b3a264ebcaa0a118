// `pnpm test:runtimes [runtime…] [--filter=text]`: runs the shared suite in every runtime (or the
// ones named), prints each runtime's lines, one summary line per runtime and the overall
// `N passed, N failed` line, and exits 1 if any test failed or any runtime could not start.
import { createJwtKeys } from './jwtClients.js';
import { type Runtime, runtimes } from './runtimes.js';

const args = process.argv.slice(2);
const filter = args.find((arg) => arg.startsWith('--filter='))?.slice('--filter='.length);
const names = args.filter((arg) => !arg.startsWith('--'));
const unknown = names.filter((name) => !runtimes.some((runtime) => runtime.name === name));
if (unknown.length > 0) {
  console.error(`unknown runtime ${unknown.join(', ')}; known: ${runtimes.map((runtime) => runtime.name).join(', ')}`);
  process.exit(2);
}
const selected = names.length === 0 ? runtimes : runtimes.filter((runtime) => names.includes(runtime.name));
const concurrency = Math.max(1, Number(process.env.TOK_RUNTIMES_CONCURRENCY ?? 2));
const timeoutMs = Number(process.env.TOK_RUNTIME_TIMEOUT_MS ?? 180_000);
const jwt = createJwtKeys();

interface Row {
  readonly name: string;
  readonly passed: number;
  readonly failed: number;
  readonly problem: string | undefined;
  readonly ms: number;
  readonly version: string | undefined;
  readonly clients: readonly string[];
}

async function runOne(runtime: Runtime): Promise<Row> {
  const started = Date.now();
  const diagnostics: string[] = [];
  const prefix = `[${runtime.name}]`;
  let outcome;
  try {
    outcome = await runtime.run({
      filter,
      timeoutMs,
      jwt,
      line: (line) => {
        console.log(`${prefix} ${line}`);
        // Kept for the recap at the end, so that a failure is on the last screen of a long log.
        if (line.startsWith('not ok') || (line.startsWith('  #') && failures.at(-1)?.startsWith(prefix))) failures.push(`${prefix} ${line}`);
      },
      error: (line) => diagnostics.push(line),
    });
  } catch (error) {
    outcome = { summary: undefined, problem: `could not start: ${error instanceof Error ? error.stack : String(error)}` };
  }
  const { summary } = outcome;
  let problem = outcome.problem;
  if (summary !== undefined && summary.passed + summary.failed === 0) problem ??= 'ran no test';
  if (runtime.name === 'node20' && summary?.runtime !== undefined && !summary.runtime.startsWith('node v20.')) {
    problem ??= `expected the machine's Node 20, got ${summary.runtime}`;
  }
  if (problem !== undefined || (summary?.failed ?? 0) > 0) {
    if (problem !== undefined) console.log(`${prefix} RUNTIME FAILED: ${problem}`);
    for (const line of diagnostics.slice(-40)) console.log(`${prefix} | ${line}`);
  }
  return { name: runtime.name, passed: summary?.passed ?? 0, failed: summary?.failed ?? 0, problem, ms: Date.now() - started, version: summary?.runtime, clients: summary?.clients ?? [] };
}

const failures: string[] = [];
const rows: Row[] = [];
const queue = [...selected];
await Promise.all(
  Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    for (let runtime = queue.shift(); runtime !== undefined; runtime = queue.shift()) rows.push(await runOne(runtime));
  }),
);
rows.sort((a, b) => selected.findIndex((r) => r.name === a.name) - selected.findIndex((r) => r.name === b.name));

console.log('');
if (failures.length > 0) console.log(`failed tests:\n${failures.join('\n')}\n`);
for (const row of rows) {
  const status = row.problem !== undefined ? 'FAIL (did not run to the end)' : row.failed > 0 ? 'FAIL' : 'ok';
  const about = row.version ? `  (${row.version}; adapters: ${row.clients.join(', ')})` : '';
  console.log(`runtime ${row.name.padEnd(8)} ${status.padEnd(4)} ${row.passed} passed, ${row.failed} failed  ${(row.ms / 1000).toFixed(1)} s${about}`);
}
// A runtime that could not run counts as one failure, so the overall line never looks green.
const passed = rows.reduce((sum, row) => sum + row.passed, 0);
const failed = rows.reduce((sum, row) => sum + row.failed + (row.problem !== undefined ? 1 : 0), 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
