// The examples of the README and the "Testing your code" guide, each run by its own test runner:
// @tok/testing uses no runner's globals, so the same servers work under all of them.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

async function run(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, args, { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, output };
}

it('the node:test example passes under node --test', async () => {
  const { code, output } = await run(['--test', '--test-reporter=tap', 'examples/node-test.mjs']);
  expect(output).toMatch(/^# pass 2$/m);
  expect(output).toMatch(/^# fail 0$/m);
  expect(code).toBe(0);
}, 30_000);

it('the jest example passes under jest (ESM)', async () => {
  const jest = createRequire(import.meta.url).resolve('jest/bin/jest');
  const { code, output } = await run(['--experimental-vm-modules', jest, '--ci', '--rootDir', 'examples', '--testMatch', '**/jest.test.mjs']);
  expect(output).toMatch(/^Tests: +1 passed, 1 total$/m);
  expect(code).toBe(0);
}, 30_000);

it('the README shows the node:test example exactly as it runs here', async () => {
  const { readFile } = await import('node:fs/promises');
  const readme = await readFile(`${packageDir}README.md`, 'utf8');
  expect(readme).toContain(await readFile(`${packageDir}examples/node-test.mjs`, 'utf8'));
});
